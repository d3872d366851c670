package discordsim

import (
	"net/http"
	"strings"
	"time"
)

// SlowRoute makes every request matching route (a pattern as in FailNext)
// take at least d before it is handled, as a slow Discord would: to widen
// the window in which two callers race on the same action. Zero removes
// the delay.
func (s *Server) SlowRoute(route string, d time.Duration) {
	method, path, _ := strings.Cut(route, " ")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.delays == nil {
		s.delays = map[string]time.Duration{}
	}
	s.delays[method+" /api/v10"+path] = d
}

// wait holds a request to a slowed route; it returns early when the
// caller gives up.
func (s *Server) wait(r *http.Request, full string) {
	s.mu.Lock()
	d := s.delays[full]
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}
