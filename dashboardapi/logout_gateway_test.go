package dashboardapi_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
	"github.com/warden-bot/warden/wsgateway"
)

// mintAt mints a token of kind for user issued at iat.
func mintAt(t *testing.T, user, kind string, iat time.Time) string {
	t.Helper()
	tok, err := core.MintToken([]byte(testenv.Secret), user, kind, time.Hour, iat)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// wsTokenFor asks the API for a gateway token with a bearer token.
func (e *env) wsTokenFor(t *testing.T, bearer string) string {
	t.Helper()
	r := e.do("GET", "/api/auth/ws-token", "", nil, "Authorization", "Bearer "+bearer)
	if r.status != http.StatusOK {
		t.Fatalf("ws-token: %d %s", r.status, r.body)
	}
	var tok struct{ Token string }
	r.decode(t, &tok)
	return tok.Token
}

// logoutEverywhere logs the session of bearer out everywhere.
func (e *env) logoutEverywhere(t *testing.T, bearer string) {
	t.Helper()
	r := e.do("POST", "/api/auth/logout", "", `{"everywhere":true}`, "Authorization", "Bearer "+bearer)
	if r.status != http.StatusNoContent {
		t.Fatalf("logout everywhere: %d %s", r.status, r.body)
	}
}

// dialWith connects to a gateway and sends an auth frame with token,
// without reading the answer.
func dialWith(t *testing.T, url, token string) *dashboard {
	t.Helper()
	ws, rs, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {testOrigin}})
	if err != nil {
		t.Fatalf("dial gateway: %v (%v)", err, rs)
	}
	t.Cleanup(func() { _ = ws.Close() })
	d := &dashboard{t: t, ws: ws}
	d.expect("connected")
	d.send(map[string]any{"type": "auth", "token": token})
	return d
}

// authedWith is dialWith that expects "authenticated".
func authedWith(t *testing.T, url, token string) *dashboard {
	t.Helper()
	d := dialWith(t, url, token)
	d.last = d.expect("authenticated")
	return d
}

// expectClose reads (skipping event frames) until the server closes the
// connection, and checks the close code.
func (d *dashboard) expectClose(code int) {
	d.t.Helper()
	for {
		_ = d.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, raw, err := d.ws.ReadMessage()
		if err == nil {
			continue // events queued before the close
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != code {
			d.t.Fatalf("got %v (last frame %q), want close %d", err, raw, code)
		}
		return
	}
}

// Logging out everywhere closes, 4001, the gateway connections that
// authenticated with the session's token or with a ws token minted from
// it; the gateway then refuses both tokens. A token with only the required
// claims (`warden token`) keeps its connection and still authenticates.
func TestLogoutEverywhereClosesGatewaySessions(t *testing.T) {
	e := startSim(t)
	user := simUser(2) // holds Manage Server in guild 1
	// Issued a little earlier, as a session cookie from a past login is.
	session := mintAt(t, user, "session", time.Now().Add(-10*time.Second))
	plain := mintAt(t, user, "", time.Now().Add(-10*time.Second))
	wsTok := e.wsTokenFor(t, session)

	bySession := authedWith(t, e.wsURL, session)
	byWS := authedWith(t, e.wsURL, wsTok)
	byPlain := authedWith(t, e.wsURL, plain)
	for _, d := range []*dashboard{bySession, byWS, byPlain} {
		d.subscribe(simGuild1)
	}

	e.logoutEverywhere(t, session)
	bySession.expectClose(wsgateway.CloseAuthFailed)
	byWS.expectClose(wsgateway.CloseAuthFailed)

	// The connection of the unbound token stays, and live events reach it.
	byPlain.quiet()
	e.putConfig(t, "/api/guilds/"+simGuild1+"/dashboard/settings", map[string]any{"locale": "de-DE"})
	byPlain.expect("dashboard:settings_updated")

	for name, tok := range map[string]string{"session token": session, "ws token": wsTok} {
		d := dialWith(t, e.wsURL, tok)
		if f := d.expect("error"); f.Data["code"] != string(core.CodeUnauthorized) {
			t.Fatalf("%s after logout: %v", name, f.Data)
		}
		d.expectClose(wsgateway.CloseAuthFailed)
	}
	authedWith(t, e.wsURL, plain)
}

// A logout on one instance closes the gateway connections of the session
// on another instance: the revocation travels through Redis.
func TestLogoutEverywhereReachesOtherInstances(t *testing.T) {
	rd := testenv.StartRedis(t)
	withRedis := func(c *core.Config) { c.RedisURL = rd.URL }
	api := start(t, withRedis)

	cfg := testenv.Config(t, withRedis, func(c *core.Config) { c.AllowedOrigins = []string{testOrigin} })
	other := testenv.Core(t, cfg, core.Options{})
	w := newWorld()
	other.SetAccess(core.NewDirectoryAccess(cfg, func() core.GuildDirectory { return w }, nil))
	gw := wsgateway.New(other, wsgateway.WithAddr("127.0.0.1:0"))
	if err := gw.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := gw.Stop(ctx); err != nil {
			t.Errorf("stop gateway: %v", err)
		}
	})
	url := "ws://" + gw.Addr() + "/ws"

	session := mintAt(t, ownerID, "session", time.Now().Add(-10*time.Second))
	wsTok := api.wsTokenFor(t, session)
	plain := mintAt(t, ownerID, "", time.Now().Add(-10*time.Second))
	bySession, byWS, byPlain := authedWith(t, url, session), authedWith(t, url, wsTok), authedWith(t, url, plain)
	bySession.subscribe(guildID)

	api.logoutEverywhere(t, session)
	bySession.expectClose(wsgateway.CloseAuthFailed)
	byWS.expectClose(wsgateway.CloseAuthFailed)
	byPlain.quiet()
}
