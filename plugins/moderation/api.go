package moderation

import (
	"net/http"
	"regexp"
	"strconv"

	"github.com/warden-bot/warden/core"
)

// MountAPI implements core.APIMounter: the routes under
// /api/guilds/{guildId}/moderation/. The API has checked the caller's access
// to the guild and to this plugin before any handler runs. GET|PUT config is
// served by the API itself through GuildConfigurer.
func (p *Plugin) MountAPI(r core.APIRouter) {
	h := &apiHandlers{svc: p.svc}
	r.HandleFunc(http.MethodGet, "/rules", h.listRules)
	r.HandleFunc(http.MethodPost, "/rules", h.createRule)
	r.HandleFunc(http.MethodGet, "/rules/{id}", h.getRule)
	r.HandleFunc(http.MethodPut, "/rules/{id}", h.putRule)
	r.HandleFunc(http.MethodPatch, "/rules/{id}", h.patchRule)
	r.HandleFunc(http.MethodDelete, "/rules/{id}", h.deleteRule)
	r.HandleFunc(http.MethodGet, "/presets", h.listPresets)
	r.HandleFunc(http.MethodPost, "/presets", h.createPreset)
	r.HandleFunc(http.MethodPut, "/presets/{id}", h.putPreset)
	r.HandleFunc(http.MethodDelete, "/presets/{id}", h.deletePreset)
	r.HandleFunc(http.MethodPost, "/presets/{id}/apply", h.applyPreset)
	r.HandleFunc(http.MethodGet, "/infractions", h.listInfractions)
	r.HandleFunc(http.MethodPost, "/infractions", h.createInfraction)
	r.HandleFunc(http.MethodGet, "/infractions/{number}", h.getInfraction)
	r.HandleFunc(http.MethodPatch, "/infractions/{number}", h.patchInfraction)
	r.HandleFunc(http.MethodGet, "/stats", h.stats)
}

type apiHandlers struct{ svc *Service }

// request is what every handler needs of a request: the guild, the caller,
// and query parameters checked against the route's list.
func request(w http.ResponseWriter, r *http.Request, query ...string) (guildID, userID string, ok bool) {
	if err := core.StrictQuery(r, query...); err != nil {
		core.WriteError(w, err)
		return "", "", false
	}
	caller, _ := core.CallerFrom(r.Context())
	return r.PathValue("guildId"), caller.UserID, true
}

// reply writes v with status, or the error.
func reply(w http.ResponseWriter, status int, v any, err error) {
	if err != nil {
		core.WriteError(w, err)
		return
	}
	if v == nil {
		w.WriteHeader(status)
		return
	}
	core.WriteJSON(w, status, v)
}

var (
	objectIDPattern  = regexp.MustCompile(`^[0-9a-f]{24}$`)
	builtinIDPattern = regexp.MustCompile(`^builtin-[a-z-]{1,40}$`)
)

// docID returns the {id} path value if it can name a rule or preset.
func docID(w http.ResponseWriter, r *http.Request, builtinOK bool) (string, bool) {
	id := r.PathValue("id")
	if objectIDPattern.MatchString(id) || (builtinOK && builtinIDPattern.MatchString(id)) {
		return id, true
	}
	core.WriteError(w, core.Errorf(core.CodeNotFound, "%q is not an id this API returned", id))
	return "", false
}

func caseNumber(w http.ResponseWriter, r *http.Request) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue("number"), 10, 64)
	if err != nil || n < 1 {
		core.WriteError(w, core.Errorf(core.CodeNotFound, "%q is not a case number", r.PathValue("number")))
		return 0, false
	}
	return n, true
}

// stats serves GET stats.
func (h *apiHandlers) stats(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := request(w, r)
	if !ok {
		return
	}
	st, err := h.svc.Stats(r.Context(), guildID)
	reply(w, http.StatusOK, st, err)
}

var _ core.APIMounter = (*Plugin)(nil)
