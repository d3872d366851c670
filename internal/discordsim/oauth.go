package discordsim

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
)

// oauthScopes are the scopes the simulator grants.
const oauthScopes = "identify guilds"

// SetConsent makes the authorize page consent as userID, or deny when
// deny is true (the user pressed "Cancel").
func (s *Server) SetConsent(userID ID, deny bool) {
	s.mu.Lock()
	s.consent, s.deny = userID, deny
	s.mu.Unlock()
}

func randomToken() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// handleAuthorize is Discord's consent page, answered at once: it
// redirects to redirect_uri with a code (or error=access_denied) and the
// state, as Discord does after the user clicks.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (redirect.Scheme != "http" && redirect.Scheme != "https") || redirect.Host == "" {
		http.Error(w, "Invalid OAuth2 redirect_uri", http.StatusBadRequest)
		return
	}
	if q.Get("client_id") != ApplicationID.String() {
		http.Error(w, "Unknown Application", http.StatusBadRequest)
		return
	}
	if q.Get("response_type") != "code" {
		http.Error(w, "Unsupported response_type", http.StatusBadRequest)
		return
	}
	back := redirect.Query()
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	s.mu.Lock()
	if s.deny {
		back.Set("error", "access_denied")
		back.Set("error_description", "The resource owner or authorization server denied the request")
	} else {
		code := randomToken()
		s.oauthCodes[code] = s.consent
		back.Set("code", code)
	}
	s.mu.Unlock()
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (s *Server) oauthRoutes(mux *http.ServeMux) {
	s.api(mux, "POST /oauth2/token", authNone, func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		form, err := url.ParseQuery(string(body))
		invalid := func(e string) *APIError {
			return &APIError{Status: http.StatusBadRequest, Message: e}
		}
		if err != nil {
			return 0, nil, invalid("invalid_request")
		}
		if form.Get("client_id") != ApplicationID.String() || form.Get("client_secret") != s.cfg.ClientSecret {
			return 0, nil, &APIError{Status: http.StatusUnauthorized, Message: "invalid_client"}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		var user ID
		switch form.Get("grant_type") {
		case "authorization_code":
			user = s.oauthCodes[form.Get("code")]
			delete(s.oauthCodes, form.Get("code"))
		case "refresh_token":
			user = s.oauthRefresh[form.Get("refresh_token")]
		default:
			return 0, nil, invalid("unsupported_grant_type")
		}
		if user == 0 {
			return 0, nil, invalid("invalid_grant")
		}
		access, refresh := randomToken(), randomToken()
		s.oauthTokens[access] = user
		s.oauthRefresh[refresh] = user
		return 200, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 604800,
			"refresh_token": refresh, "scope": oauthScopes}, nil
	})
	s.api(mux, "GET /users/@me", authBotOrBearer, func(r *http.Request, _ []byte, userID ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if userID == 0 {
			return 200, botUser(), nil
		}
		u := s.users[userID]
		return 200, map[string]any{"id": u.ID, "username": u.Username, "discriminator": u.Discriminator, "global_name": u.GlobalName,
			"avatar": u.Avatar, "mfa_enabled": false, "locale": "en-US", "flags": 0, "premium_type": 0, "public_flags": 0}, nil
	})
	s.api(mux, "GET /users/@me/guilds", authBotOrBearer, func(r *http.Request, _ []byte, userID ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if userID == 0 {
			userID = ApplicationID
		}
		out := []map[string]any{}
		for _, g := range s.guilds {
			if _, ok := g.Members[userID]; !ok {
				continue
			}
			out = append(out, map[string]any{"id": g.ID, "name": g.Name, "icon": nil, "banner": nil, "owner": g.OwnerID == userID,
				"permissions": permString(g.memberPermissions(userID)), "features": []string{}})
		}
		return 200, out, nil
	})
}
