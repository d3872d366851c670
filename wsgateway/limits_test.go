package wsgateway

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// The gateway's clock stands still: the limiters never refill, so what
// each subtest spends is exactly what it sent, however slow the machine.
func TestLimits(t *testing.T) {
	at := time.Now()
	e := startEnvWith(t, func(c *core.Config) {
		c.Gateway.MaxRooms = 2
		c.Gateway.SubscribeRate = 3
	}, WithClock(func() time.Time { return at }))
	t.Run("too many subscriptions", func(t *testing.T) {
		c := dial(t, e.url)
		c.auth(userAlice)
		c.subscribe(guildA)
		c.subscribe(guildB)
		// The third frame of the three the limiter allows.
		c.sendRaw(`{"type":"subscribe","guildId":"300000000000000003"}`)
		c.expectError(core.CodeTooManySubscriptions)
	})
	t.Run("rate limited then 4008", func(t *testing.T) {
		c := dial(t, e.url)
		c.auth(userAlice)
		for range 3 {
			c.sendRaw(`{"type":"unsubscribe","guildId":"` + guildA + `"}`)
			c.expectError(core.CodeNotFound)
		}
		c.sendRaw(`{"type":"unsubscribe","guildId":"` + guildA + `"}`)
		c.expectError(core.CodeRateLimited)
		// Keep abusing until the server closes; a write may fail once it has.
		for range 10 {
			if err := c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"unsubscribe","guildId":"`+guildA+`"}`)); err != nil {
				break
			}
		}
		c.expectClose(CloseRateLimited)
	})
	t.Run("frame too big closes 1009", func(t *testing.T) {
		c := dial(t, e.url)
		c.sendRaw(`{"type":"auth","token":"` + strings.Repeat("a", 17<<10) + `"}`)
		c.expectClose(websocket.CloseMessageTooBig)
	})
	t.Run("foreign origin refused 403", func(t *testing.T) {
		_, resp, err := websocket.DefaultDialer.Dial(e.url, http.Header{"Origin": {"https://evil.example"}})
		if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Fatalf("dial from a foreign origin: %v %v", err, resp)
		}
	})
	t.Run("connection cap refused 503", func(t *testing.T) {
		// A gateway of its own: the connections the other subtests closed
		// may still be leaving the shared one, which would free a slot.
		capped := startEnv(t, func(c *core.Config) { c.Gateway.MaxConnections = 3 })
		for range 3 {
			dial(t, capped.url)
		}
		if n := capped.gw.connections(); n != 3 {
			t.Fatalf("%d connections open, want 3", n)
		}
		_, resp, err := websocket.DefaultDialer.Dial(capped.url, http.Header{"Origin": {origin}})
		if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("dial past the cap: %v %v", err, resp)
		}
	})
}

func TestShutdownCloses1001(t *testing.T) {
	e := startEnv(t, nil)
	c := dial(t, e.url)
	c.auth(userAlice)
	c.subscribe(guildA)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.gw.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	c.expectClose(CloseGoingAway)

	// A stopped gateway starts again and serves as before.
	if err := e.gw.Start(context.Background()); err != nil {
		t.Fatalf("start after stop: %v", err)
	}
	again := dial(t, "ws://"+e.gw.Addr()+"/ws")
	again.auth(userAlice)
	again.subscribe(guildA)
	broadcast(t, e.core, guildA, "gwalpha:happened", 1)
	again.expect("gwalpha:happened")
}

func TestRevocationAndPluginFilter(t *testing.T) {
	e := startEnv(t, nil)
	e.access.set(userBob, guildA, core.Access{Allowed: true, Plugins: []string{"gwalpha"}, Reason: "grant"})
	alice, bob := dial(t, e.url), dial(t, e.url)
	alice.auth(userAlice)
	bob.auth(userBob)
	alice.subscribe(guildA)
	bob.subscribe(guildA)

	broadcast(t, e.core, guildA, "gwbeta:happened", 1)
	broadcast(t, e.core, guildA, "gwalpha:happened", 2)
	alice.expect("gwbeta:happened")
	alice.expect("gwalpha:happened")
	if ev := bob.expect("gwalpha:happened"); ev.Seq != 2 { // gwbeta was filtered out
		t.Fatalf("bob got seq %d", ev.Seq)
	}

	// Widen bob's grant, then revoke it; the permissions event reaches the
	// gateway through the broker and triggers the recheck.
	e.access.set(userBob, guildA, allowAll)
	broadcast(t, e.core, guildA, core.EventPermissionsUpdated, 3)
	bob.expect(core.EventPermissionsUpdated)
	waitFor(t, "bob's filter refreshed", func() bool {
		r := e.gw.rooms[guildA]
		r.mu.Lock()
		defer r.mu.Unlock()
		for m := range r.members {
			if m.c.userID() == userBob && m.access.Plugins == nil {
				return true
			}
		}
		return false
	})
	broadcast(t, e.core, guildA, "gwbeta:happened", 4)
	bob.expect("gwbeta:happened")

	e.access.set(userBob, guildA, core.Access{Reason: "grant removed"})
	broadcast(t, e.core, guildA, core.EventPermissionsUpdated, 5)
	bob.expect(core.EventPermissionsUpdated)
	u := bob.expect("unsubscribed")
	if u.field("guildId") != guildA || !strings.Contains(u.field("reason"), "revoked") {
		t.Fatalf("unsubscribed = %s", u.Data)
	}
	broadcast(t, e.core, guildA, "gwalpha:happened", 6)
	for _, want := range []string{core.EventPermissionsUpdated, "gwbeta:happened", core.EventPermissionsUpdated, "gwalpha:happened"} {
		alice.expect(want)
	}
	bob.sendRaw(`{"type":"ping"}`)
	bob.expect("pong") // nothing after the revocation
	bob.sendRaw(`{"type":"subscribe","guildId":"` + guildA + `"}`)
	bob.expectError(core.CodeForbidden)
}

func TestHeartbeat(t *testing.T) {
	e := startEnv(t, nil) // heartbeat 1 s, write timeout 2 s
	live, dead := dial(t, e.url), dial(t, e.url)
	var pings atomic.Int64
	live.ws.SetPingHandler(func(data string) error {
		pings.Add(1)
		return live.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	dead.ws.SetPingHandler(func(string) error { return nil }) // never answers
	live.auth(userAlice)
	dead.auth(userAlice)
	frames := make(chan string, 16) // live reads all along, so it answers pings
	go func() {
		defer close(frames)
		for {
			e, err := live.read()
			if err != nil {
				return
			}
			frames <- e.Event
		}
	}()

	// The peer that does not answer is dropped after 2 heartbeats plus the
	// write timeout; the one that answers stays and keeps being pinged.
	start := time.Now()
	_ = dead.ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	for {
		_, _, err := dead.ws.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Text != "heartbeat timeout" {
			t.Fatalf("dead peer: %v, want a close with reason heartbeat timeout", err)
		}
		break
	}
	if waited := time.Since(start); waited < 3*time.Second {
		t.Fatalf("dead peer dropped after %s, before its pong deadline", waited)
	}
	live.sendRaw(`{"type":"ping"}`)
	if ev := <-frames; ev != "pong" {
		t.Fatalf("live client got %q, want pong", ev)
	}
	if pings.Load() < 3 {
		t.Fatalf("live client got %d protocol pings, want at least 3", pings.Load())
	}
	waitFor(t, "the dead peer released", func() bool { return e.gw.connections() == 1 })
}
