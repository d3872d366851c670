package moderation

import (
	"net/http"

	"github.com/warden-bot/warden/core"
)

// MountAPI implements core.APIMounter: the routes under
// /api/guilds/{guildId}/moderation/. The API has checked the caller's access
// to the guild and to this plugin before any handler runs. GET|PUT config is
// served by the API itself through GuildConfigurer.
func (p *Plugin) MountAPI(r core.APIRouter) {
	h := &apiHandlers{svc: p.svc}
	h.mountRules(r)
	r.HandleFunc(http.MethodGet, "/infractions", h.listInfractions)
	r.HandleFunc(http.MethodPost, "/infractions", h.createInfraction)
	r.HandleFunc(http.MethodGet, "/infractions/{number}", h.getInfraction)
	r.HandleFunc(http.MethodPatch, "/infractions/{number}", h.patchInfraction)
	r.HandleFunc(http.MethodGet, "/stats", h.stats)
}

type apiHandlers struct{ svc *Service }

func caseNumber(w http.ResponseWriter, r *http.Request) (int64, bool) {
	n, err := core.PathNumber(r, "number", "case")
	if err != nil {
		core.WriteError(w, err)
		return 0, false
	}
	return n, true
}

// stats serves GET stats.
func (h *apiHandlers) stats(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r)
	if !ok {
		return
	}
	st, err := h.svc.Stats(r.Context(), guildID)
	core.Reply(w, http.StatusOK, st, err)
}

var _ core.APIMounter = (*Plugin)(nil)
