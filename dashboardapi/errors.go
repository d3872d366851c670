package dashboardapi

import "fmt"

type configError struct{ key, problem string }

func (e *configError) Error() string { return fmt.Sprintf("config %s: %s", e.key, e.problem) }
