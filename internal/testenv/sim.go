package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
)

// StartSim starts a simulated Discord that logs to the test and is closed,
// checked, when the test ends.
func StartSim(t testing.TB, opts ...discordsim.ConfigOpt) *discordsim.Server {
	t.Helper()
	s, err := discordsim.New(append([]discordsim.ConfigOpt{discordsim.WithLogger(Logger(t))}, opts...)...)
	if err != nil {
		t.Fatalf("start simulated Discord: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Errorf("close simulated Discord: %v", err)
		}
	})
	return s
}
