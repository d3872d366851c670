package discordsim

import "net/http"

// moreRoutes registers the REST routes for message edits, pins, reactions,
// roles, channels, threads and member changes.
func (s *Server) moreRoutes(mux *http.ServeMux) {
	s.messageRoutes(mux)
	s.reactionRoutes(mux)
	s.roleRoutes(mux)
	s.guildChannelRoutes(mux)
	s.threadRoutes(mux)
}
