package dashboardapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

// Cookie names and lifetimes.
const (
	sessionCookie = "warden_session"
	sessionTTL    = 7 * 24 * time.Hour
	wsTokenTTL    = 60 * time.Second
)

// authResult is who a request comes from and how they proved it.
type authResult struct {
	userID   string
	byCookie bool
}

// authenticate reads the bearer token, or else the session cookie, and
// verifies it: HS256 only, not expired, not a gateway token, and not issued
// before the user last logged out everywhere.
func (s *Server) authenticate(r *http.Request) (authResult, error) {
	var token string
	var res authResult
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
			return res, core.Errorf(core.CodeUnauthorized, "the Authorization header must be \"Bearer <token>\"")
		}
		token = strings.TrimSpace(tok)
	} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		token, res.byCookie = c.Value, true
	} else {
		return res, core.Errorf(core.CodeNotAuthenticated, "log in first: send the session cookie or an Authorization: Bearer token")
	}
	claims, err := core.VerifyToken(s.secret, token)
	switch {
	case errors.Is(err, core.ErrTokenExpired):
		return res, core.Errorf(core.CodeUnauthorized, "the token has expired; log in again")
	case err != nil:
		return res, core.Errorf(core.CodeUnauthorized, "the token is not valid")
	case claims.Kind == "ws":
		return res, core.Errorf(core.CodeUnauthorized, "a gateway token cannot be used for the REST API")
	}
	var iat time.Time
	if claims.IssuedAt != nil {
		iat = claims.IssuedAt.Time
	}
	ok, err := s.sessions.valid(r.Context(), claims.Subject, iat)
	if err != nil {
		return res, err
	}
	if !ok {
		return res, core.Errorf(core.CodeUnauthorized, "this session was logged out; log in again")
	}
	res.userID = claims.Subject
	return res, nil
}

// authed runs h for authenticated callers only, with the caller in the
// request's context; cookie-authenticated writes must pass the CSRF check.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		res, err := s.authenticate(r)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		if res.byCookie {
			if err := s.checkCSRF(r); err != nil {
				core.WriteError(w, err)
				return
			}
		}
		setLogUser(r.Context(), res.userID)
		h(w, r.WithContext(core.WithCaller(r.Context(), core.Caller{UserID: res.userID})))
	}
}

// setSessionCookie sets the HttpOnly session cookie; Secure when the
// dashboard is served over https.
func (s *Server) setSessionCookie(w http.ResponseWriter, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(ttl.Seconds()),
		HttpOnly: true,
		Secure:   s.secureCookies(),
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode})
}

func (s *Server) secureCookies() bool { return strings.HasPrefix(s.cfg.PublicURL, "https://") }

// issueSession mints a session token for userID and sets it as the cookie.
func (s *Server) issueSession(w http.ResponseWriter, userID string) error {
	tok, err := core.MintToken(s.secret, userID, "session", sessionTTL, time.Now())
	if err != nil {
		return err
	}
	s.setSessionCookie(w, tok, sessionTTL)
	return nil
}
