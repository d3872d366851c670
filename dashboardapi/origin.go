package dashboardapi

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/warden-bot/warden/core"
)

// allowedOrigin reports whether origin is in ALLOWED_ORIGINS or is the
// dashboard's own origin (PUBLIC_URL).
func (s *Server) allowedOrigin(origin string) bool {
	if origin == "" || origin == "null" {
		return false
	}
	origin = strings.TrimSuffix(origin, "/")
	if slices.Contains(s.cfg.AllowedOrigins, origin) {
		return true
	}
	u, err := url.Parse(s.cfg.PublicURL)
	return err == nil && u.Scheme+"://"+u.Host == origin
}

// cors answers preflights and lets allowed origins read answers, with
// credentials (the session cookie).
func (s *Server) cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := s.allowedOrigin(origin)
		w.Header().Add("Vary", "Origin")
		if allowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Access-Control-Expose-Headers", "Retry-After, X-Request-Id")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			if !allowed {
				core.WriteError(w, core.Errorf(core.CodeForbidden, "origin %q is not allowed (ALLOWED_ORIGINS)", origin))
				return
			}
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// safeMethod reports whether a method only reads.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF refuses a cookie-authenticated write whose Origin (or, with no
// Origin, Referer) is not an allowed origin. The session cookie is also
// SameSite=Lax, so most browsers never send it cross-site in the first place;
// this check covers the rest and same-site sibling hosts.
func (s *Server) checkCSRF(r *http.Request) error {
	if safeMethod(r.Method) {
		return nil
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		if ref, err := url.Parse(r.Header.Get("Referer")); err == nil && ref.Host != "" {
			origin = ref.Scheme + "://" + ref.Host
		}
	}
	if !s.allowedOrigin(origin) {
		return core.Errorf(core.CodeForbidden, "cross-site request refused: a write with the session cookie must come from the dashboard's origin")
	}
	return nil
}
