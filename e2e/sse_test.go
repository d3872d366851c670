package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// noUpgradeProxy is a reverse proxy in front of the gateway that refuses
// WebSocket upgrades with 403, as some corporate proxies do, and passes
// plain HTTP (the SSE stream) through.
type noUpgradeProxy struct {
	refused atomic.Int64 // upgrades refused
	streams atomic.Int64 // SSE streams passed through
	resumed atomic.Int64 // of which with a Last-Event-ID
	addr    string
}

// startNoUpgradeProxy listens on a free loopback port and forwards to the
// gateway's port.
func startNoUpgradeProxy(t *testing.T, gatewayPort *int) *noUpgradeProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p := &noUpgradeProxy{addr: ln.Addr().String()}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(&url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(*gatewayPort)})
			pr.Out.Host = pr.In.Host
		},
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			p.refused.Add(1)
			http.Error(w, "WebSockets are not allowed through this proxy", http.StatusForbidden)
			return
		}
		if r.Method == http.MethodGet && r.URL.Path == "/sse" {
			p.streams.Add(1)
			if r.Header.Get("Last-Event-ID") != "" {
				p.resumed.Add(1)
			}
		}
		rp.ServeHTTP(w, r)
	})}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("proxy: %v", err)
		}
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Close() // the streams are long-lived: no graceful wait
		_ = srv.Shutdown(ctx)
	})
	return p
}

// startAppBehind starts the quiet demo app with the browser told to reach
// the gateway through p.
func startAppBehind(t *testing.T) (*running, *noUpgradeProxy) {
	t.Helper()
	var wsPort int
	p := startNoUpgradeProxy(t, &wsPort)
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Demo = core.DemoConfig{Enabled: true, Guilds: 1, ActivityPerMinute: 0}
		c.PublicWSURL = "ws://" + p.addr + "/ws"
	})
	wsPort = cfg.WSPort
	a := runApp(t, cfg)
	return &running{t: t, app: a, cfg: cfg, url: cfg.PublicURL,
		guild: discordsim.GuildID(1).String(), admin: discordsim.UserID(1).String()}, p
}

// TestSSEFallback: behind a proxy that refuses WebSocket upgrades, the
// dashboard falls back to the gateway's SSE stream on its own, says so in
// the Live indicator, and still updates live; a change of rooms and a
// dropped stream resume without losing an event.
func TestSSEFallback(t *testing.T) {
	r, proxy := startAppBehind(t)
	b := newBrowser(t)
	a := b.newTab(t)

	a.signIn(r.url)
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", r.url, r.guild)))
	a.waitText(`[data-testid="live-feed"]`, "appears here as it happens")
	a.waitEval(`document.querySelector('.conn[data-state="live"][data-transport="sse"]')`)
	a.waitText(`.conn .conn-label`, "Live (SSE)")
	if n := proxy.refused.Load(); n < 2 {
		t.Errorf("the proxy refused %d upgrades; the client should have tried WebSocket first", n)
	}
	if proxy.streams.Load() == 0 {
		t.Fatal("no SSE stream went through the proxy")
	}
	a.waitEval(`window.wardenRealtime.isSubscribed(` + jsString(r.guild) + `)`)

	var inf struct {
		Number int64 `json:"number"`
	}
	body := map[string]any{"type": "warn", "userId": discordsim.UserID(5).String(), "reason": "sse test"}
	if code := r.call("POST", r.guildPath("moderation/infractions"), body, &inf); code != 201 && code != 200 {
		t.Fatalf("open a case: status %d", code)
	}
	a.waitSentence(`[data-testid="live-feed"] li[data-event="moderation:infraction_created"]`,
		fmt.Sprintf("Case #%d: warn for jordan by demo-admin", inf.Number))

	// The stream breaks (a proxy timeout, say) while an event is published:
	// the client reconnects with Last-Event-ID and the event still shows.
	before := proxy.streams.Load()
	eval[bool](a, `(window.wardenRealtime.ws.close(1006), true)`)
	var cfg map[string]any
	r.call("GET", r.guildPath("dashboard/settings"), nil, &cfg)
	cfg["timezone"] = "Europe/Berlin"
	if code := r.call("PUT", r.guildPath("dashboard/settings"), cfg, nil); code != 200 {
		t.Fatalf("save settings: status %d", code)
	}
	a.waitSentence(`[data-testid="live-feed"] li[data-event="dashboard:settings_updated"]`,
		"demo-admin set the dashboard to Europe/Berlin time and en-US")
	if proxy.streams.Load() == before || proxy.resumed.Load() == 0 {
		t.Errorf("the client did not reconnect with Last-Event-ID (%d streams, %d resumed)", proxy.streams.Load(), proxy.resumed.Load())
	}
	a.waitText(`.conn .conn-label`, "Live (SSE)")

	// Rooms are chosen at connect: leaving the guild's pages reopens the
	// stream without its room, and coming back reopens it with the room.
	a.run(chromedp.Navigate(r.url + "/#/"))
	a.waitText(`[data-testid="guild-list"]`, "Warden Demo")
	left := proxy.streams.Load()
	a.waitEval(`!window.wardenRealtime.rooms.has(` + jsString(r.guild) + `)`)
	waitUntil(t, "a stream without the guild's room", func() bool { return proxy.streams.Load() > left })
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", r.url, r.guild)))
	a.waitEval(`window.wardenRealtime.isSubscribed(` + jsString(r.guild) + `)`)
	cfg["timezone"] = "Europe/Paris"
	cfg["version"] = cfg["version"].(float64) + 1
	if code := r.call("PUT", r.guildPath("dashboard/settings"), cfg, nil); code != 200 {
		t.Fatalf("save settings again: status %d", code)
	}
	a.waitSentence(`[data-testid="live-feed"] li[data-event="dashboard:settings_updated"]`,
		"demo-admin set the dashboard to Europe/Paris time and en-US")
}

// waitUntil waits for a condition outside the page, within the same bound
// as the page's waits.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testenv.Eventually(t, waitFor, what, cond)
}
