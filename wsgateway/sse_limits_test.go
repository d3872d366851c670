package wsgateway

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// A stream whose queue overflows is closed 4009 like a WebSocket, and the
// client reads the close event once it reads again; another stream is
// not held back.
func TestSSESlowClientClosed4009(t *testing.T) {
	e := startEnv(t, func(c *core.Config) {
		c.Gateway.SendQueueBytes = 64 << 10
		// A bound for a stuck test, not a speed check: the slow client
		// reads again once the gateway has closed its stream, and the
		// write blocked meanwhile must not time out before that.
		c.Gateway.WriteTimeout = time.Minute
	})
	slow := e.openSSE(t, userAlice, "", guildA)
	slow.expect("subscribed")
	fast := e.openSSE(t, userAlice, "", guildB)
	fast.expect("subscribed")
	// The slow client's reader stops once its channel is full (it is not
	// read until the end), so its socket fills, then its queue.
	big := strings.Repeat("x", 8<<10)
	closed := func() bool {
		for _, s := range e.gw.streamsOf(userAlice) {
			if code, _ := s.closeCode(); code == CloseTooSlow {
				return true
			}
		}
		return false
	}
	for i := 0; !closed(); i++ {
		if i == 20000 {
			t.Fatal("the slow stream was never closed")
		}
		if err := e.core.Broadcast(guildA, "gwalpha:happened", map[string]any{"i": i, "pad": big}); err != nil {
			t.Fatal(err)
		}
	}
	broadcast(t, e.core, guildB, "gwalpha:happened", 1)
	fast.expect("gwalpha:happened")
	slow.expectClose(CloseTooSlow)
}

func TestSSEConnectionLimits(t *testing.T) {
	bearer := func(t *testing.T, user string) http.Header {
		return http.Header{"Authorization": {"Bearer " + token(t, user, time.Hour)}}
	}
	refused := func(t *testing.T, resp *http.Response, status int, code string) {
		t.Helper()
		if resp.StatusCode != status {
			t.Fatalf("status %d, want %d", resp.StatusCode, status)
		}
		if got, msg := refusal(t, resp); got != code {
			t.Fatalf("code %s (%s), want %s", got, msg, code)
		}
	}
	t.Run("per user", func(t *testing.T) {
		e := startEnv(t, func(c *core.Config) { c.Gateway.MaxConnectionsPerUser = 1 })
		e.openSSE(t, userAlice, "", guildA)
		resp, _ := sseGet(t, e.sseURL(guildA), bearer(t, userAlice))
		refused(t, resp, http.StatusForbidden, "FORBIDDEN")
	})
	t.Run("capacity, WebSocket and SSE together", func(t *testing.T) {
		e := startEnv(t, func(c *core.Config) { c.Gateway.MaxConnections = 2 })
		dial(t, e.url).auth(userBob)
		e.openSSE(t, userAlice, "", guildA)
		resp, _ := sseGet(t, e.sseURL(), bearer(t, userRoot))
		refused(t, resp, http.StatusServiceUnavailable, "UNAVAILABLE")
		ws, wsResp, err := websocket.DefaultDialer.Dial(e.url, http.Header{"Origin": {origin}})
		if err == nil {
			_ = ws.Close()
		}
		if wsResp == nil || wsResp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("WebSocket past the cap: %v %v", err, wsResp)
		}
	})
	t.Run("per address rate", func(t *testing.T) {
		clock := newFakeClock()
		e := startEnvWith(t, func(c *core.Config) { c.Gateway.ConnectRatePerAddress = 2 }, WithClock(clock.now))
		for range 2 {
			resp, _ := sseGet(t, e.sseURL(), http.Header{}) // refused (401), yet counted
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d", resp.StatusCode)
			}
		}
		resp, _ := sseGet(t, e.sseURL(), bearer(t, userAlice))
		if resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		refused(t, resp, http.StatusTooManyRequests, "RATE_LIMITED")
		clock.add(time.Minute)
		e.openSSE(t, userAlice, "")
	})
}

// A stream lives as long as its token: at expiry it closes 4010 and the
// client reconnects with a fresh one (and Last-Event-ID).
func TestSSETokenExpiryCloses4010(t *testing.T) {
	e := startEnv(t, nil)
	s := startSSE(t, e.sseURL(guildA), http.Header{"Authorization": {"Bearer " + token(t, userAlice, time.Second)}})
	s.expect("connected")
	s.expectClose(CloseTokenExpired)
}

// A logout everywhere closes the user's session-bound streams 4001, as it
// closes their WebSockets.
func TestSSESessionRevocation(t *testing.T) {
	e := startEnv(t, nil)
	fs := &fakeSessions{before: map[string]int64{}}
	e.core.SetSessions(fs)
	past := time.Now().Add(-time.Minute)
	cut := past.Add(time.Second)
	open := func(kind string) *sseStream {
		s := startSSE(t, e.sseURL(guildA), http.Header{"Authorization": {"Bearer " + mint(t, userAlice, kind, past)}})
		s.expect("connected")
		s.expect("authenticated")
		s.expect("subscribed")
		return s
	}
	bound, plain := open("ws"), open("")
	fs.revoke(userAlice, cut.Unix())
	if err := e.core.PublishSessionsRevoked(context.Background(), userAlice, cut); err != nil {
		t.Fatal(err)
	}
	bound.expectClose(CloseAuthFailed)
	broadcast(t, e.core, guildA, "gwalpha:happened", 1)
	plain.expect("gwalpha:happened")
	resp, _ := sseGet(t, e.sseURL(guildA), http.Header{"Authorization": {"Bearer " + mint(t, userAlice, "ws", past)}})
	if code, msg := refusal(t, resp); resp.StatusCode != 401 || !strings.Contains(msg, "logged out") {
		t.Fatalf("revoked token: %d %s %s", resp.StatusCode, code, msg)
	}
}
