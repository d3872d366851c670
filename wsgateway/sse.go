package wsgateway

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

// ssePath is where the gateway serves its SSE fallback, on its own port.
const ssePath = "/sse"

// serveSSE opens an SSE stream: GET /sse?guildId=…&guildId=… with the
// gateway token as "Authorization: Bearer" and, to resume, the last event
// id as Last-Event-ID. Everything that can be refused is refused before
// the stream opens, with the contract's error body: a foreign Origin
// (403), a malformed request (400), too many connections from the address
// (429), a missing, invalid or expired token (401), no capacity (503), too
// many connections for the user (403). CORS preflights are answered for
// allowed origins, since browsers send one for the Authorization header.
func (g *Gateway) serveSSE(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if !g.origins.allows(origin) {
		g.m.refused.WithLabelValues("origin").Inc()
		refuse(w, http.StatusForbidden, core.CodeForbidden, "origin not allowed")
		return
	}
	h := w.Header()
	if origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	}
	switch r.Method {
	case http.MethodOptions:
		h.Set("Access-Control-Allow-Methods", "GET")
		h.Set("Access-Control-Allow-Headers", "Authorization, Last-Event-ID")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodGet:
	default:
		h.Set("Allow", "GET, OPTIONS")
		refuse(w, http.StatusMethodNotAllowed, core.CodeBadRequest, "open the stream with GET")
		return
	}
	req, err := parseSSERequest(r)
	if err != nil {
		refuse(w, http.StatusBadRequest, core.CodeBadRequest, err.Error())
		return
	}
	key := g.proxies.ClientKey(r)
	if ok, why, retry := g.addrs.admit(key); !ok {
		g.m.refused.WithLabelValues(why).Inc()
		if retry > 0 {
			h.Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
		}
		refuse(w, http.StatusTooManyRequests, core.CodeRateLimited, "too many connections from your address; retry later")
		return
	}
	claims, status, code, msg := g.sseAuth(r)
	g.addrs.release(key) // authenticated or refused: no longer pending
	if claims == nil {
		g.m.authFailures.Inc()
		if status == http.StatusUnauthorized {
			h.Set("WWW-Authenticate", `Bearer realm="warden-gateway"`)
		}
		refuse(w, status, code, msg)
		return
	}
	if !g.admit() {
		g.m.refused.WithLabelValues("capacity").Inc()
		refuse(w, http.StatusServiceUnavailable, core.CodeUnavailable, "gateway at capacity; retry later")
		return
	}
	if !g.admitUser(claims.Subject) {
		g.unadmit()
		refuse(w, http.StatusForbidden, core.CodeForbidden, "at most "+strconv.Itoa(g.cfg.MaxConnectionsPerUser)+" connections per user")
		return
	}
	s := newSSEConn(g, claims)
	g.mu.Lock()
	if g.closing {
		g.mu.Unlock()
		g.releaseUser(s.user)
		g.unadmit()
		refuse(w, http.StatusServiceUnavailable, core.CodeUnavailable, "server shutting down; retry later")
		return
	}
	g.streams[s] = struct{}{}
	g.wg.Add(1)
	g.mu.Unlock()
	defer g.wg.Done()
	g.stream(w, r, s, req, claims)
}

// stream runs an admitted stream until it ends.
func (g *Gateway) stream(w http.ResponseWriter, r *http.Request, s *sseConn, req sseRequest, claims *core.Claims) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache, no-store, no-transform")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	s.mu.Lock()
	s.expiry = time.AfterFunc(time.Until(claims.ExpiresAt.Time), func() {
		s.closeWith(CloseTokenExpired, "token expired")
	})
	s.mu.Unlock()
	s.send(reply("connected", "", map[string]any{
		"message":           "Warden gateway v1 (SSE): rooms are chosen at connect; reconnect with Last-Event-ID to resume",
		"heartbeatInterval": g.cfg.HeartbeatInterval.Milliseconds(),
	}))
	if s.bound && g.heardRevoked(s.user, s.iat) {
		s.send(errorMsg(core.CodeUnauthorized, "this session was logged out; log in again"))
		s.closeWith(CloseAuthFailed, "session logged out")
		close(s.subDone)
	} else {
		s.send(reply("authenticated", "", map[string]any{"userId": s.user, "guilds": g.guildsOf(s.user)}))
		go s.subscribeAll(req) // joined while the writer below drains the replays
	}
	s.writeLoop(w, r.Context().Done())
	s.cleanup()
}

// sseAuth reads and checks the bearer token. On refusal claims is nil and
// the status, code and message say why.
func (g *Gateway) sseAuth(r *http.Request) (claims *core.Claims, status int, code core.Code, msg string) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, http.StatusUnauthorized, core.CodeNotAuthenticated,
			"send the gateway token (GET /api/auth/ws-token) as Authorization: Bearer <token>"
	}
	claims, err := core.VerifyToken(g.secret, strings.TrimSpace(token))
	if errors.Is(err, core.ErrTokenExpired) {
		return nil, http.StatusUnauthorized, core.CodeUnauthorized, "token expired"
	}
	if err != nil {
		return nil, http.StatusUnauthorized, core.CodeUnauthorized, "token invalid"
	}
	if !core.SessionBound(claims) {
		return claims, 0, "", ""
	}
	var iat time.Time
	if claims.IssuedAt != nil {
		iat = claims.IssuedAt.Time
	}
	ok, err := g.sessionValid(claims.Subject, iat)
	if err != nil {
		g.log.Warn("session check failed", "user", claims.Subject, "err", err)
		return nil, http.StatusServiceUnavailable, core.CodeUnavailable, "the session could not be checked; try again"
	}
	if !ok {
		return nil, http.StatusUnauthorized, core.CodeUnauthorized, "this session was logged out; log in again"
	}
	return claims, 0, "", ""
}

// refuse answers a request the gateway will not stream to, in the
// contract's error shape.
func refuse(w http.ResponseWriter, status int, code core.Code, msg string) {
	var body struct {
		Error struct {
			Code    core.Code `json:"code"`
			Message string    `json:"message"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = code, msg
	core.WriteJSON(w, status, body)
}

// endStreams closes every SSE stream with 1001 (Stop).
func (g *Gateway) endStreams() {
	for _, s := range g.streamsOf("") {
		s.closeWith(CloseGoingAway, "server shutting down")
	}
}
