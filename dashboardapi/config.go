package dashboardapi

import (
	"net/http"

	"github.com/warden-bot/warden/core"
)

// getConfig serves GET /api/guilds/{guildId}/{plugin}/config.
func (s *Server) getConfig(store core.ConfigStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		doc, err := store.GetDoc(r.Context(), r.PathValue("guildId"))
		if err != nil {
			core.WriteError(w, err)
			return
		}
		core.WriteJSON(w, http.StatusOK, doc)
	}
}

// putConfig serves PUT /api/guilds/{guildId}/{plugin}/config: the whole
// document with the version it was read at. A stale version is a 409 that
// carries the stored document. The save is the plugin's one save path
// (core.GuildConfig.Put): it writes the audit entry and broadcasts the
// plugin's "<plugin>:config_updated" itself.
func (s *Server) putConfig(store core.ConfigStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		caller, _ := core.CallerFrom(r.Context())
		body, err := core.ReadBody(r)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		saved, _, err := store.PutJSON(r.Context(), r.PathValue("guildId"), body, caller.UserID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		core.WriteJSON(w, http.StatusOK, saved)
	}
}
