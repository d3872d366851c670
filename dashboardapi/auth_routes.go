package dashboardapi

import (
	"net/http"
	"time"

	"github.com/warden-bot/warden/core"
)

// handleAuth mounts the /api/auth routes.
func (s *Server) handleAuth(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/auth/login", noQuery(s.login.start))
	mux.HandleFunc("GET /api/auth/callback", s.login.callback)
	mux.HandleFunc("GET /api/auth/me", s.authed(noQuery(s.me)))
	mux.HandleFunc("GET /api/auth/ws-token", s.authed(noQuery(s.wsToken)))
	mux.HandleFunc("POST /api/auth/logout", noQuery(s.logout))
	if s.demoEnabled() {
		mux.HandleFunc("POST /api/auth/demo-login", noQuery(s.demoLogin))
	}
}

// meResponse is the caller's own profile; it never carries tokens.
type meResponse struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	GlobalName string `json:"globalName,omitempty"`
	Avatar     string `json:"avatar,omitempty"`
	Superuser  bool   `json:"superuser"`
	Demo       bool   `json:"demo"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	caller, _ := core.CallerFrom(r.Context())
	rec, _, err := s.sessions.get(r.Context(), caller.UserID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, meResponse{ID: caller.UserID, Username: rec.Username, GlobalName: rec.GlobalName,
		Avatar: rec.Avatar, Superuser: s.cfg.IsSuperuser(caller.UserID), Demo: s.cfg.Demo.Enabled})
}

// wsToken returns a short-lived token for the gateway's auth frame.
func (s *Server) wsToken(w http.ResponseWriter, r *http.Request) {
	caller, _ := core.CallerFrom(r.Context())
	now := time.Now()
	tok, err := core.MintToken(s.secret, caller.UserID, "ws", wsTokenTTL, now)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"token": tok, "expiresAt": now.Add(wsTokenTTL).UTC()})
}

// logoutRequest is the optional body of POST /api/auth/logout.
type logoutRequest struct {
	// Everywhere also ends the user's sessions in other browsers.
	Everywhere bool `json:"everywhere"`
}

// logout clears the session cookie and, when asked, invalidates every
// token the user was issued so far.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		if err := s.checkCSRF(r); err != nil {
			core.WriteError(w, err)
			return
		}
	}
	var req logoutRequest
	if r.ContentLength != 0 {
		if err := core.ReadJSON(r, &req); err != nil {
			core.WriteError(w, err)
			return
		}
	}
	res, err := s.authenticate(r)
	if err != nil {
		if req.Everywhere {
			core.WriteError(w, err)
			return
		}
		s.clearCookie(w, sessionCookie, "/")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if req.Everywhere {
		now := time.Now()
		if err := s.sessions.revokeAll(r.Context(), res.userID, now); err != nil {
			core.WriteError(w, err)
			return
		}
		// The store already refuses the old tokens everywhere; this closes
		// the gateway connections that authenticated with one, on every
		// instance. A failure leaves those open until their token expires
		// or they authenticate again, so it is logged, not answered.
		if err := s.core.PublishSessionsRevoked(r.Context(), res.userID, now); err != nil {
			s.log.Error("close gateway connections of logged-out sessions", "user", res.userID, "err", err)
		}
		s.log.Info("logged out everywhere", "user", res.userID)
	}
	s.clearCookie(w, sessionCookie, "/")
	w.WriteHeader(http.StatusNoContent)
}

// demoEnabled reports whether the one-click demo login exists: in demo
// mode, with a demo admin to log in as.
func (s *Server) demoEnabled() bool { return s.cfg.Demo.Enabled && s.conf.demoUser != "" }

// demoLogin logs the browser in as the demo admin. The route exists only
// in demo mode.
func (s *Server) demoLogin(w http.ResponseWriter, r *http.Request) {
	if err := s.checkCSRF(r); err != nil {
		core.WriteError(w, err)
		return
	}
	if err := s.issueSession(w, s.conf.demoUser); err != nil {
		core.WriteError(w, err)
		return
	}
	s.log.Warn("DEMO MODE: demo login", "user", s.conf.demoUser)
	core.WriteJSON(w, http.StatusOK, map[string]string{"userId": s.conf.demoUser})
}
