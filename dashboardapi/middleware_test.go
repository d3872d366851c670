package dashboardapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestErrorPaths(t *testing.T) {
	e := start(t, nil)
	echo := "/api/guilds/" + guildID + "/apitest/echo"
	expired, _ := core.MintToken([]byte(testenv.Secret), ownerID, "session", time.Second, time.Now().Add(-time.Hour))
	otherKey, _ := core.MintToken([]byte("another-secret-another-secret-0123456789"), ownerID, "session", time.Hour, time.Now())
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": ownerID, "exp": time.Now().Add(time.Hour).Unix()}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	wsTok, _ := core.MintToken([]byte(testenv.Secret), ownerID, "ws", time.Minute, time.Now())
	cases := []struct {
		name, method, path, user string
		body                     any
		hdr                      []string
		status                   int
		code, says               string
	}{
		{"no credentials", "GET", "/api/auth/me", "", nil, nil, 401, "NOT_AUTHENTICATED", ""},
		{"expired token", "GET", "/api/auth/me", "", nil, []string{"Authorization", "Bearer " + expired}, 401, "UNAUTHORIZED", "expired"},
		{"forged token", "GET", "/api/auth/me", "", nil, []string{"Authorization", "Bearer " + otherKey}, 401, "UNAUTHORIZED", ""},
		{"alg none", "GET", "/api/auth/me", "", nil, []string{"Authorization", "Bearer " + none}, 401, "UNAUTHORIZED", ""},
		{"gateway token", "GET", "/api/auth/me", "", nil, []string{"Authorization", "Bearer " + wsTok}, 401, "UNAUTHORIZED", "gateway"},
		{"bad scheme", "GET", "/api/auth/me", "", nil, []string{"Authorization", "Basic abc"}, 401, "UNAUTHORIZED", ""},
		{"unknown query", "GET", "/api/guilds?page=2", ownerID, nil, nil, 400, "BAD_REQUEST", `\"page\"`},
		{"unknown field", "POST", echo, ownerID, `{"text":"a","extra":1}`, nil, 400, "BAD_REQUEST", `\"extra\"`},
		{"body too large", "POST", echo, ownerID, `{"text":"` + strings.Repeat("a", 70<<10) + `"}`, nil, 413, "PAYLOAD_TOO_LARGE", ""},
		{"panic", "GET", "/api/guilds/" + guildID + "/apitest/panic", ownerID, nil, nil, 500, "INTERNAL", ""},
		{"unknown route", "GET", "/api/nothing", ownerID, nil, nil, 404, "NOT_FOUND", ""},
		{"wrong method", "DELETE", "/api/guilds", ownerID, nil, nil, 405, "BAD_REQUEST", ""},
		{"stats not superuser", "GET", "/api/stats", ownerID, nil, nil, 403, "FORBIDDEN", ""},
		{"echo works", "POST", echo, ownerID, `{"text":"hi"}`, nil, 200, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(tc.method, tc.path, tc.user, tc.body, tc.hdr...)
			if r.status != tc.status || r.errCode() != tc.code || !strings.Contains(string(r.body), tc.says) {
				t.Fatalf("%d %s, want %d %s naming %q", r.status, r.body, tc.status, tc.code, tc.says)
			}
		})
	}
}

func TestHandlerTimeout(t *testing.T) {
	e := start(t, nil)
	r := e.do("GET", "/api/guilds/"+guildID+"/apitest/slow", ownerID, nil)
	if r.status != 503 || r.errCode() != "UNAVAILABLE" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s %v", r.status, r.body, r.header)
	}
}

// The clock stands still, so no bucket refills however slowly the
// machine answers the requests.
func TestRateLimit(t *testing.T) {
	e := start(t, func(c *core.Config) { c.RateLimitPerMinute = 3; c.TrustedProxies = []string{"127.0.0.1", "::1"} }, frozenClock())
	for i := 0; i < 3; i++ {
		if r := e.do("GET", "/api/auth/me", ownerID, nil); r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
	}
	r := e.do("GET", "/api/auth/me", ownerID, nil)
	if r.status != 429 || r.errCode() != "RATE_LIMITED" || r.header.Get("Retry-After") == "" {
		t.Fatalf("over the limit: %d %s %v", r.status, r.body, r.header)
	}
	// Behind a trusted proxy each forwarded client has its own allowance.
	if r := e.do("GET", "/api/auth/me", ownerID, nil, "X-Forwarded-For", "203.0.113.9"); r.status != 200 {
		t.Fatalf("other client: %d", r.status)
	}
	// /api/stats has its own allowance of 60 a minute.
	for i := 0; i < 60; i++ {
		if r := e.do("GET", "/api/stats", superuser, nil, "X-Forwarded-For", "203.0.113.10"); r.status != 200 {
			t.Fatalf("stats request %d: %d %s", i, r.status, r.body)
		}
	}
	if r := e.do("GET", "/api/stats", superuser, nil, "X-Forwarded-For", "203.0.113.10"); r.status != 429 {
		t.Fatalf("61st stats request: %d", r.status)
	}
}

// IPv6 clients are counted per /64: a client that owns a whole network
// cannot take a fresh allowance with every address in it.
func TestRateLimitGroupsIPv6By64(t *testing.T) {
	e := start(t, func(c *core.Config) { c.RateLimitPerMinute = 3; c.TrustedProxies = []string{"127.0.0.1", "::1"} }, frozenClock())
	for i := 0; i < 3; i++ {
		xff := fmt.Sprintf("2001:db8:1:2::%x", i+1)
		if r := e.do("GET", "/api/auth/me", ownerID, nil, "X-Forwarded-For", xff); r.status != 200 {
			t.Fatalf("request %d from %s: %d", i, xff, r.status)
		}
	}
	if r := e.do("GET", "/api/auth/me", ownerID, nil, "X-Forwarded-For", "2001:db8:1:2:ffff::9"); r.status != 429 {
		t.Fatalf("a fourth address in the same /64: %d, want 429", r.status)
	}
	if r := e.do("GET", "/api/auth/me", ownerID, nil, "X-Forwarded-For", "2001:db8:1:3::1"); r.status != 200 {
		t.Fatalf("another /64: %d, want 200", r.status)
	}
}

// Cookie-authenticated writes must come from an allowed origin; bearer
// requests are not ambient and need no Origin.
func TestCSRFAndCORS(t *testing.T) {
	e := start(t, nil)
	path := "/api/guilds/" + guildID + "/dashboard/settings"
	body := map[string]any{"version": 0, "locale": "en-GB", "timezone": "UTC", "dateFormat": "relative"}
	cookie := "warden_session=" + token(t, ownerID)
	cases := []struct {
		name   string
		hdr    []string
		status int
	}{
		{"cookie, no origin", []string{"Cookie", cookie}, 403},
		{"cookie, foreign origin", []string{"Cookie", cookie, "Origin", "https://evil.example"}, 403},
		{"cookie, foreign referer", []string{"Cookie", cookie, "Referer", "https://evil.example/x"}, 403},
		{"cookie, allowed origin", []string{"Cookie", cookie, "Origin", testOrigin}, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := e.do("PUT", path, "", body, tc.hdr...); r.status != tc.status {
				t.Fatalf("%d %s, want %d", r.status, r.body, tc.status)
			}
		})
	}
	r := e.do("OPTIONS", path, "", nil, "Origin", testOrigin, "Access-Control-Request-Method", "PUT")
	if r.status != 204 || r.header.Get("Access-Control-Allow-Origin") != testOrigin || r.header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Fatalf("preflight: %d %v", r.status, r.header)
	}
	if r := e.do("OPTIONS", path, "", nil, "Origin", "https://evil.example", "Access-Control-Request-Method", "PUT"); r.status != 403 {
		t.Fatalf("foreign preflight: %d", r.status)
	}
	if r := e.do("GET", "/api/auth/me", ownerID, nil, "Origin", "https://evil.example"); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("foreign origin allowed to read: %v", r.header)
	}
	if r := e.do("GET", "/api/auth/me", ownerID, nil); r.status != http.StatusOK || r.header.Get("X-Request-Id") == "" {
		t.Fatalf("request id: %v", r.header)
	}
}
