package dashboardapi_test

import (
	"net/http"
	"sync"
	"testing"
)

// The first requests for /api/stats after a start all record this month's
// guild count; when they come at once, none of them may fail on the
// concurrent upsert.
func TestStatsConcurrentFirstRequests(t *testing.T) {
	e := start(t, nil)
	const n = 8
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, e.base+"/api/stats", nil)
			req.Header.Set("Authorization", "Bearer "+token(t, superuser))
			rs, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			rs.Body.Close()
			statuses[i] = rs.StatusCode
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("request %d: status %d", i, s)
		}
	}
}
