package dashboardapi

import (
	"net/http"

	"github.com/warden-bot/warden/core"
)

// guildRoute guards a route under /api/guilds/{guildId}/: the caller is
// authenticated, the guild is one the bot is in (else 404), and the caller's
// access covers the plugin (else 403). Writes are recorded in the audit log
// once the handler has answered with success. plugin is empty for the
// guild's own routes (stats), which any access covers.
func (s *Server) guildRoute(plugin string, h http.Handler) http.Handler {
	return s.authed(func(w http.ResponseWriter, r *http.Request) {
		caller, _ := core.CallerFrom(r.Context())
		guildID := r.PathValue("guildId")
		if !core.IsSnowflake(guildID) {
			core.WriteError(w, core.Errorf(core.CodeNotFound, "no guild %q", guildID))
			return
		}
		if err := s.knownGuild(r, guildID); err != nil {
			core.WriteError(w, err)
			return
		}
		access, err := s.core.Access().Check(r.Context(), caller.UserID, guildID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		switch {
		case !access.Allowed:
			core.WriteError(w, core.Errorf(core.CodeForbidden, "you may not open this guild's dashboard"))
			return
		case plugin != "" && !access.AllowsPlugin(plugin):
			core.WriteError(w, core.Errorf(core.CodeForbidden, "your dashboard access does not cover %s", plugin))
			return
		}
		caller.Access = access
		ctx := core.WithCaller(r.Context(), caller)
		if safeMethod(r.Method) {
			h.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		ctx, note := core.WithAuditNote(ctx)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status < 400 {
			s.audit(r, guildID, plugin, caller.UserID, rec.status, note)
		}
	})
}

// knownGuild answers 404 unless the bot is in the guild.
func (s *Server) knownGuild(r *http.Request, guildID string) error {
	dir := s.dir()
	if dir == nil {
		return core.Errorf(core.CodeNotFound, "no guild %s (Discord is not connected)", guildID)
	}
	_, ok, err := dir.Guild(r.Context(), guildID)
	if err != nil {
		return err
	}
	if !ok {
		return core.Errorf(core.CodeNotFound, "the bot is not in guild %s", guildID)
	}
	return nil
}

// audit records a successful write the handler noted, or, when the write
// recorded no entry of its own (in its transaction), the route itself.
// The write has committed, so a failure to record is logged rather than
// turned into an error answer.
func (s *Server) audit(r *http.Request, guildID, plugin, userID string, status int, note *core.AuditNote) {
	action, before, after, recorded := note.Read()
	if action == "" && recorded {
		return
	}
	if action == "" {
		action = r.Method + " " + r.URL.Path
	}
	e := core.AuditEntry{GuildID: guildID, UserID: userID, Plugin: plugin, Action: action, Status: status,
		Before: core.JSONOf(before), After: core.JSONOf(after), At: s.conf.now()}
	if err := s.core.RecordAudit(r.Context(), e); err != nil {
		s.log.Error("audit entry not recorded", "guild", guildID, "action", action, "err", err)
	}
}

// guildView is a guild as GET /api/guilds lists it.
type guildView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Icon string `json:"icon"`
}

// listGuilds returns the guilds with the bot that the caller may open.
func (s *Server) listGuilds(w http.ResponseWriter, r *http.Request) {
	caller, _ := core.CallerFrom(r.Context())
	out := []guildView{}
	dir := s.dir()
	if dir == nil {
		core.WriteJSON(w, http.StatusOK, out)
		return
	}
	ids, err := s.core.Access().Guilds(r.Context(), caller.UserID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	for _, id := range ids {
		g, ok, err := dir.Guild(r.Context(), id)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		if ok {
			out = append(out, guildView{ID: g.ID, Name: g.Name, Icon: g.Icon})
		}
	}
	core.WriteJSON(w, http.StatusOK, out)
}
