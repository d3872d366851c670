package dashboard

import (
	"net/http"
	"strconv"

	"github.com/warden-bot/warden/core"
)

// MountAPI implements core.APIMounter. The API has already checked that the
// caller may open the guild and that their access covers this plugin.
func (p *Plugin) MountAPI(r core.APIRouter) {
	r.HandleFunc(http.MethodGet, "/settings", noQuery(p.getSettings))
	r.HandleFunc(http.MethodPut, "/settings", noQuery(p.putSettings))
	r.HandleFunc(http.MethodGet, "/grants", noQuery(p.listGrants))
	r.HandleFunc(http.MethodPost, "/grants", noQuery(p.createGrant))
	r.HandleFunc(http.MethodDelete, "/grants/{id}", noQuery(p.deleteGrant))
	r.HandleFunc(http.MethodGet, "/audit", p.listAudit)
}

// noQuery refuses every query parameter: the route takes none.
func noQuery(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := core.StrictQuery(r); err != nil {
			core.WriteError(w, err)
			return
		}
		h(w, r)
	}
}

func (p *Plugin) getSettings(w http.ResponseWriter, r *http.Request) {
	doc, err := p.settings.Get(r.Context(), r.PathValue("guildId"))
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, doc)
}

func (p *Plugin) putSettings(w http.ResponseWriter, r *http.Request) {
	caller, _ := core.CallerFrom(r.Context())
	body, err := core.ReadBody(r)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	saved, err := p.SaveSettings(r.Context(), r.PathValue("guildId"), body, caller.UserID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, saved)
}

func (p *Plugin) listGrants(w http.ResponseWriter, r *http.Request) {
	grants, err := p.grants.list(r.Context(), r.PathValue("guildId"))
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, grants)
}

// canManageGrants says whether the caller may change who has access: a
// grant holder may not hand out or take away grants.
func canManageGrants(r *http.Request) (core.Caller, error) {
	caller, _ := core.CallerFrom(r.Context())
	switch caller.Access.Reason {
	case "superuser", "owner", "administrator", "manage_server":
		return caller, nil
	}
	return caller, core.Errorf(core.CodeForbidden, "only the owner and members with Administrator or Manage Server may change dashboard grants")
}

func (p *Plugin) createGrant(w http.ResponseWriter, r *http.Request) {
	caller, err := canManageGrants(r)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	var req GrantRequest
	if err := core.ReadJSON(r, &req); err != nil {
		core.WriteError(w, err)
		return
	}
	g, err := p.AddGrant(r.Context(), r.PathValue("guildId"), req, caller.UserID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusCreated, g)
}

func (p *Plugin) deleteGrant(w http.ResponseWriter, r *http.Request) {
	caller, err := canManageGrants(r)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	if err := p.RemoveGrant(r.Context(), r.PathValue("guildId"), r.PathValue("id"), caller.UserID); err != nil {
		core.WriteError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (p *Plugin) listAudit(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r, "cursor", "limit"); err != nil {
		core.WriteError(w, err)
		return
	}
	q := r.URL.Query()
	limit := defaultAuditPage
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxAuditPage {
			core.WriteError(w, core.BadRequest("limit: want a whole number from 1 to %d, got %q", maxAuditPage, s))
			return
		}
		limit = n
	}
	page, err := p.audit.page(r.Context(), r.PathValue("guildId"), q.Get("cursor"), limit)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, page)
}
