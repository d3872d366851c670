package discordsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxRESTBody bounds request bodies, as Discord's limits would.
const maxRESTBody = 1 << 20

// Call is one recorded REST request.
type Call struct {
	Method string
	Path   string
	// Route is the matched pattern, e.g. "PUT /api/v10/guilds/{guild}/bans/{user}".
	Route  string
	Body   []byte
	Status int
	At     time.Time
	// Took is how long the simulator spent on the request, from its
	// arrival to the answer (a SlowRoute delay included): what a caller's
	// timing of its own work leaves out.
	Took time.Duration
}

// APIError is Discord's JSON error body.
type APIError struct {
	Status  int    `json:"-"`
	Code    int    `json:"code"`
	Message string `json:"message"`
	// Errors holds 50035's field errors, nested by path as Discord nests
	// them: {"0":{"name":{"_errors":[{"code":"...","message":"..."}]}}}.
	Errors map[string]any `json:"errors,omitempty"`
}

// Discord JSON error codes the simulator returns.
const (
	CodeUnknownChannel     = 10003
	CodeUnknownGuild       = 10004
	CodeUnknownMember      = 10007
	CodeUnknownMessage     = 10008
	CodeUnknownRole        = 10011
	CodeUnknownUser        = 10013
	CodeUnknownBan         = 10026
	CodeUnknownInteraction = 10062
	CodeMissingAccess      = 50001
	CodeMissingPermissions = 50013
	CodeInvalidFormBody    = 50035
	CodeAlreadyAcked       = 40060
)

func errUnknown(code int, what string) *APIError {
	return &APIError{Status: http.StatusNotFound, Code: code, Message: "Unknown " + what}
}

var errBadBody = &APIError{Status: http.StatusBadRequest, Code: CodeInvalidFormBody, Message: "Invalid Form Body"}

type failure struct {
	route string
	err   APIError
	left  int
}

// FailNext makes the next n requests matching route (a pattern as in
// Call.Route, without the "/api/v10" prefix: "PUT /guilds/{guild}/bans/{user}")
// fail with the given status, Discord error code and message. A 429 carries
// Retry-After and rate-limit headers, so that disgo's limiter waits and
// retries.
func (s *Server) FailNext(route string, n, status, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	method, path, _ := strings.Cut(route, " ")
	s.failures = append(s.failures, &failure{route: method + " /api/v10" + path, err: APIError{Status: status, Code: code, Message: message}, left: n})
}

// Calls returns the recorded REST calls in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the recorded calls whose route matches (see FailNext).
func (s *Server) CallsTo(route string) []Call {
	method, path, _ := strings.Cut(route, " ")
	want := method + " /api/v10" + path
	var out []Call
	for _, c := range s.Calls() {
		if c.Route == want {
			out = append(out, c)
		}
	}
	return out
}

// auth says what a route requires.
type auth int

const (
	authBot auth = iota
	authNone
	authBearer
	authBotOrBearer
)

// apiHandler handles a REST route; it returns the body to encode (nil: 204)
// or an *APIError. userID is the bearer's user for authBearer routes.
type apiHandler func(r *http.Request, body []byte, userID ID) (int, any, *APIError)

// api registers a REST route with recording, auth and injected failures.
func (s *Server) api(mux *http.ServeMux, pattern string, a auth, h apiHandler) {
	method, path, _ := strings.Cut(pattern, " ")
	full := method + " /api/v10" + path
	mux.HandleFunc(full, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		body, err := io.ReadAll(io.LimitReader(r.Body, maxRESTBody+1))
		if err != nil || len(body) > maxRESTBody {
			writeAPIError(w, &APIError{Status: http.StatusRequestEntityTooLarge, Code: 40005, Message: "Request entity too large"})
			return
		}
		s.wait(r, full)
		status, out, apiErr := s.serveAPI(r, full, a, body, h)
		if apiErr != nil {
			writeAPIError(w, apiErr)
			status = apiErr.Status
		} else {
			writeRateLimitHeaders(w, full)
			if out == nil {
				w.WriteHeader(http.StatusNoContent)
			} else {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(out)
			}
		}
		s.mu.Lock()
		s.calls = append(s.calls, Call{Method: r.Method, Path: r.URL.Path, Route: full, Body: bytes.Clone(body), Status: status, At: time.Now(), Took: time.Since(start)})
		s.mu.Unlock()
	})
}

func (s *Server) serveAPI(r *http.Request, route string, a auth, body []byte, h apiHandler) (int, any, *APIError) {
	s.mu.Lock()
	for i, f := range s.failures {
		if f.route == route {
			f.left--
			if f.left <= 0 {
				s.failures = append(s.failures[:i], s.failures[i+1:]...)
			}
			s.mu.Unlock()
			e := f.err
			return 0, nil, &e
		}
	}
	s.mu.Unlock()
	var userID ID
	hdr := r.Header.Get("Authorization")
	bot := hdr == "Bot "+s.token
	switch a {
	case authBot:
		if !bot {
			return 0, nil, &APIError{Status: http.StatusUnauthorized, Message: "401: Unauthorized"}
		}
	case authBearer, authBotOrBearer:
		if a == authBotOrBearer && bot {
			break
		}
		tok, ok := strings.CutPrefix(hdr, "Bearer ")
		s.mu.Lock()
		userID, ok = s.oauthTokens[tok], ok && s.oauthTokens[tok] != 0
		s.mu.Unlock()
		if !ok {
			return 0, nil, &APIError{Status: http.StatusUnauthorized, Message: "401: Unauthorized"}
		}
	}
	return h(r, body, userID)
}

func writeAPIError(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "application/json")
	if e.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Via", "1.1 discordsim")
		w.Header().Set("X-RateLimit-Bucket", "sim-bucket")
		w.Header().Set("X-RateLimit-Limit", "5")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset-After", "1.000")
		w.Header().Set("X-RateLimit-Scope", "user")
		w.WriteHeader(e.Status)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": "You are being rate limited.", "retry_after": 1.0, "global": false, "code": 0})
		return
	}
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(e)
}

func writeRateLimitHeaders(w http.ResponseWriter, route string) {
	w.Header().Set("Via", "1.1 discordsim")
	w.Header().Set("X-RateLimit-Bucket", fmt.Sprintf("%x", len(route)*7919))
	w.Header().Set("X-RateLimit-Limit", "50")
	w.Header().Set("X-RateLimit-Remaining", "49")
	w.Header().Set("X-RateLimit-Reset-After", "0.100")
}

func decode(body []byte, v any) *APIError {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errBadBody
	}
	return nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /gateway", s.handleGateway)
	mux.HandleFunc("GET /gateway-resume", s.handleGateway)
	mux.HandleFunc("GET /oauth2/authorize", s.handleAuthorize)
	s.gatewayRoutes(mux)
	s.userRoutes(mux)
	s.guildRoutes(mux)
	s.memberRoutes(mux)
	s.channelRoutes(mux)
	s.moreRoutes(mux)
	s.commandRoutes(mux)
	s.oauthRoutes(mux)
	mux.HandleFunc("GET /attachments/{channel}/{id}/{name}", s.serveAttachment)
	return mux
}

func (s *Server) gatewayRoutes(mux *http.ServeMux) {
	s.api(mux, "GET /gateway", authNone, func(*http.Request, []byte, ID) (int, any, *APIError) {
		return 200, map[string]any{"url": s.GatewayURL()}, nil
	})
	s.api(mux, "GET /gateway/bot", authBot, func(*http.Request, []byte, ID) (int, any, *APIError) {
		return 200, map[string]any{
			"url":    s.GatewayURL(),
			"shards": 1,
			"session_start_limit": map[string]any{
				"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": s.cfg.MaxConcurrency,
			},
		}, nil
	})
}
