package dashboardapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/dashboardapi"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestMeAndWSToken(t *testing.T) {
	e := start(t, nil)
	var me struct {
		ID        string
		Superuser bool
	}
	e.do("GET", "/api/auth/me", superuser, nil).decode(t, &me)
	if me.ID != superuser || !me.Superuser {
		t.Fatalf("me: %+v", me)
	}
	var ws struct{ Token string }
	e.do("GET", "/api/auth/ws-token", ownerID, nil).decode(t, &ws)
	claims, err := core.VerifyToken([]byte(testenv.Secret), ws.Token)
	if err != nil || claims.Kind != "ws" || claims.Subject != ownerID || claims.ExpiresAt.Sub(claims.IssuedAt.Time).Seconds() != 60 {
		t.Fatalf("ws token: %+v %v", claims, err)
	}
}

// Logging out everywhere refuses every token issued before.
func TestLogoutEverywhere(t *testing.T) {
	e := start(t, nil)
	old := token(t, ownerID)
	if r := e.do("GET", "/api/auth/me", "", nil, "Authorization", "Bearer "+old); r.status != 200 {
		t.Fatalf("before: %d", r.status)
	}
	r := e.do("POST", "/api/auth/logout", "", `{"everywhere":true}`, "Authorization", "Bearer "+old)
	if r.status != 204 || !strings.Contains(r.header.Get("Set-Cookie"), "warden_session=;") {
		t.Fatalf("logout: %d %v", r.status, r.header)
	}
	if r := e.do("GET", "/api/auth/me", "", nil, "Authorization", "Bearer "+old); r.status != 401 {
		t.Fatalf("old token after logout: %d", r.status)
	}
}

func TestLoginNotConfigured(t *testing.T) {
	e := start(t, nil)
	if r := e.do("GET", "/api/auth/login", "", nil); r.status != 503 {
		t.Fatalf("login without client id: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/api/auth/callback?code=x&state=forged", "", nil); r.status != 400 {
		t.Fatalf("callback without state cookie: %d %s", r.status, r.body)
	}
}

func TestDemoLoginOnlyInDemoMode(t *testing.T) {
	plain := start(t, nil, dashboardapi.WithDemoUser(ownerID))
	if r := plain.do("POST", "/api/auth/demo-login", "", nil, "Origin", testOrigin); r.status != 404 {
		t.Fatalf("outside demo mode: %d", r.status)
	}
	demo := start(t, func(c *core.Config) { c.Demo.Enabled = true }, dashboardapi.WithDemoUser(ownerID))
	if r := demo.do("POST", "/api/auth/demo-login", "", nil); r.status != 403 {
		t.Fatalf("demo login without origin: %d", r.status)
	}
	r := demo.do("POST", "/api/auth/demo-login", "", nil, "Origin", testOrigin)
	sc := r.header.Get("Set-Cookie")
	if r.status != 200 || !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") || strings.Contains(string(r.body), "ey") {
		t.Fatalf("demo login: %d %s %s", r.status, sc, r.body)
	}
	cookie := strings.SplitN(sc, ";", 2)[0]
	if r := demo.do("GET", "/api/auth/me", "", nil, "Cookie", cookie); r.status != http.StatusOK {
		t.Fatalf("cookie session: %d", r.status)
	}
}
