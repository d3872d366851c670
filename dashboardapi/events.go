package dashboardapi

import (
	"net/http"

	"github.com/warden-bot/warden/core"
)

// eventView is one declared event as the dashboard's live feed reads it:
// the sentence and link templates of core.EventSpec, and whether it is a
// stats event (figures only, never a feed line).
type eventView struct {
	Name     string `json:"name"`
	Sentence string `json:"sentence,omitempty"`
	Link     string `json:"link,omitempty"`
	Stats    bool   `json:"stats,omitempty"`
	Global   bool   `json:"global,omitempty"`
	// Quiet events update open views and make no feed line.
	Quiet bool `json:"quiet,omitempty"`
}

// handleEvents mounts GET /api/events, the running plugins' declared
// events, which every signed-in user may read: declarations hold no data.
func (s *Server) handleEvents(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/events", s.authed(noQuery(s.listEvents)))
}

func (s *Server) listEvents(w http.ResponseWriter, _ *http.Request) {
	specs := s.core.Catalog().Specs()
	out := make([]eventView, 0, len(specs))
	for _, e := range specs {
		out = append(out, eventView{Name: e.Name, Sentence: e.Sentence, Link: e.Link, Stats: core.IsStatsEvent(e.Name), Global: e.Global, Quiet: e.Quiet})
	}
	core.WriteJSON(w, http.StatusOK, out)
}
