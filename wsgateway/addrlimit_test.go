package wsgateway

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// fakeClock is a clock the tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// dialFrom dials as the client at xff (through the trusted proxy the
// tests' loopback peer is) and returns the response's status.
func dialFrom(t *testing.T, url, xff string) (*client, *http.Response) {
	t.Helper()
	hdr := http.Header{"Origin": {origin}}
	if xff != "" {
		hdr.Set("X-Forwarded-For", xff)
	}
	ws, resp, err := websocket.DefaultDialer.Dial(url, hdr)
	if err != nil {
		return nil, resp
	}
	t.Cleanup(func() { _ = ws.Close() })
	c := &client{t: t, ws: ws}
	c.expect("connected")
	return c, resp
}

func trustLoopback(c *core.Config) { c.TrustedProxies = []string{"127.0.0.1", "::1"} }

// One address cannot hold the gateway's slots with connections that never
// authenticate: past its cap it gets 429, other addresses still get in,
// and authenticating or leaving frees a slot.
func TestPendingConnectionsCappedPerAddress(t *testing.T) {
	e := startEnv(t, func(c *core.Config) {
		trustLoopback(c)
		c.Gateway.MaxPendingPerAddress = 3
		c.Gateway.MaxConnections = 100
	})
	const attacker = "198.51.100.7"
	var held []*client
	for i := range 3 {
		c, resp := dialFrom(t, e.url, attacker)
		if c == nil {
			t.Fatalf("connection %d refused: %v", i, resp)
		}
		held = append(held, c)
	}
	if _, resp := dialFrom(t, e.url, attacker); resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a fourth pending connection from one address: %v, want 429", resp)
	}
	if c, resp := dialFrom(t, e.url, "198.51.100.8"); c == nil {
		t.Fatalf("another address refused: %v", resp)
	}
	if _, resp := dialFrom(t, e.url, "2001:db8::1"); resp == nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("an IPv6 client refused: %v", resp)
	}
	held[0].auth(userAlice) // authenticated connections do not count
	if c, resp := dialFrom(t, e.url, attacker); c == nil {
		t.Fatalf("refused after one authenticated: %v", resp)
	}
	_ = held[1].ws.Close()
	waitFor(t, "the closed connection's slot to be given back", func() bool {
		return e.gw.addrs.pendingOf(core.AddrKey(attacker)) == 2
	})
	if c, resp := dialFrom(t, e.url, attacker); c == nil {
		t.Fatalf("refused after one left: %v", resp)
	}
}

// One address may open ConnectRatePerAddress connections a minute; past
// that it gets 429 with Retry-After until the allowance refills.
func TestConnectionRatePerAddress(t *testing.T) {
	clock := newFakeClock()
	e := startEnvWith(t, func(c *core.Config) {
		trustLoopback(c)
		c.Gateway.ConnectRatePerAddress = 2
	}, WithClock(clock.now))
	const addr = "203.0.113.50"
	for i := range 2 {
		c, resp := dialFrom(t, e.url, addr)
		if c == nil {
			t.Fatalf("connection %d refused: %v", i, resp)
		}
		_ = c.ws.Close()
	}
	_, resp := dialFrom(t, e.url, addr)
	if resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "30" {
		t.Fatalf("third connection within the minute: %v, want 429 with Retry-After 30", resp)
	}
	if c, resp := dialFrom(t, e.url, "203.0.113.51"); c == nil {
		t.Fatalf("another address refused: %v", resp)
	}
	clock.add(30 * time.Second)
	if c, resp := dialFrom(t, e.url, addr); c == nil {
		t.Fatalf("refused after the allowance refilled: %v", resp)
	}
}

// auth frames have their own allowance: each one recomputes the user's
// guilds, so a client repeating them is answered RATE_LIMITED and, if it
// keeps going, closed 4008.
func TestAuthFramesRateLimited(t *testing.T) {
	clock := newFakeClock()
	e := startEnvWith(t, func(c *core.Config) { c.Gateway.AuthRate = 3 }, WithClock(clock.now))
	c := dial(t, e.url)
	for range 3 {
		c.auth(userAlice)
	}
	c.sendRaw(`{"type":"auth","token":"` + token(t, userAlice, time.Hour) + `"}`)
	c.expectError(core.CodeRateLimited)
	clock.add(20 * time.Second) // one more auth frame's worth
	c.auth(userAlice)
	tok := token(t, userAlice, time.Hour)
	for range 10 {
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"auth","token":"`+tok+`"}`)); err != nil {
			break
		}
	}
	c.expectClose(CloseRateLimited)
}
