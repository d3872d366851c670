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
// carries the stored document. After the save it broadcasts
// "<plugin>:config_updated" with the saved document and notes the change
// for the audit log.
func (s *Server) putConfig(store core.ConfigStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		caller, _ := core.CallerFrom(r.Context())
		guildID := r.PathValue("guildId")
		body, err := core.ReadBody(r)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		saved, prev, err := store.PutJSON(r.Context(), guildID, body, caller.UserID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		core.NoteChange(r.Context(), "config.update", prev, saved)
		event := store.PluginID() + ":config_updated"
		if err := s.core.Broadcast(guildID, event, saved); err != nil {
			s.log.Error("config saved but not broadcast", "plugin", store.PluginID(), "guild", guildID, "err", err)
		}
		core.WriteJSON(w, http.StatusOK, saved)
	}
}
