package dashboardapi

import (
	"net/http"
	"strconv"

	"github.com/warden-bot/warden/core"
)

// handleCore mounts the core's own guild routes under
// /api/guilds/{guildId}/dashboard/: the grants and the audit log. They are
// the core's, not a plugin's, so no plugin can turn them off.
func (s *Server) handleCore(mux *http.ServeMux) {
	route := func(method, path string, h http.HandlerFunc) {
		mux.Handle(method+" /api/guilds/{guildId}/"+core.DashboardPlugin+path, s.guildRoute(core.DashboardPlugin, h))
	}
	route(http.MethodGet, "/grants", noQuery(s.listGrants))
	route(http.MethodPost, "/grants", noQuery(s.createGrant))
	route(http.MethodDelete, "/grants/{id}", noQuery(s.deleteGrant))
	route(http.MethodGet, "/audit", s.listAudit)
}

func (s *Server) listGrants(w http.ResponseWriter, r *http.Request) {
	grants, err := s.core.GuildGrants(r.Context(), r.PathValue("guildId"))
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

func (s *Server) createGrant(w http.ResponseWriter, r *http.Request) {
	caller, err := canManageGrants(r)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	var req core.GrantRequest
	if err := core.ReadJSON(r, &req); err != nil {
		core.WriteError(w, err)
		return
	}
	g, err := s.core.AddGrant(r.Context(), r.PathValue("guildId"), req, caller.UserID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusCreated, g)
}

func (s *Server) deleteGrant(w http.ResponseWriter, r *http.Request) {
	caller, err := canManageGrants(r)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	if err := s.core.RemoveGrant(r.Context(), r.PathValue("guildId"), r.PathValue("id"), caller.UserID); err != nil {
		core.WriteError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r, "cursor", "limit"); err != nil {
		core.WriteError(w, err)
		return
	}
	q := r.URL.Query()
	limit := core.DefaultAuditPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > core.MaxAuditPage {
			core.WriteError(w, core.BadRequest("limit: want a whole number from 1 to %d, got %q", core.MaxAuditPage, v))
			return
		}
		limit = n
	}
	page, err := s.core.AuditLog(r.Context(), r.PathValue("guildId"), q.Get("cursor"), limit)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, page)
}
