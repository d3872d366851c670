package wsgateway

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

func TestSSERefusesBadCredentials(t *testing.T) {
	e := startEnv(t, nil)
	foreign, err := core.MintToken([]byte("0123456789abcdef0123456789abcdef-wrong"), userAlice, "ws", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, url, auth string
		status          int
		code, message   string
	}{
		{"no credential", e.sseURL(guildA), "", 401, "NOT_AUTHENTICATED", "Authorization: Bearer"},
		{"not bearer", e.sseURL(guildA), "Basic YWxpY2U6eA==", 401, "NOT_AUTHENTICATED", "Authorization: Bearer"},
		{"invalid token", e.sseURL(guildA), "Bearer not.a.jwt", 401, "UNAUTHORIZED", "token invalid"},
		{"foreign key", e.sseURL(guildA), "Bearer " + foreign, 401, "UNAUTHORIZED", "token invalid"},
		{"expired token", e.sseURL(guildA), "Bearer " + expiredToken(t), 401, "UNAUTHORIZED", "token expired"},
		{"token in the URL", e.sseURL(guildA) + "&token=x", "", 400, "BAD_REQUEST", "never travel in a URL"},
		{"unknown parameter", e.sseURL(guildA) + "&since=3", "Bearer " + token(t, userAlice, time.Hour), 400, "BAD_REQUEST", `unknown query parameter "since"`},
		{"bad room", e.sseURL("abc"), "Bearer " + token(t, userAlice, time.Hour), 400, "BAD_REQUEST", "guildId must be a guild id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.auth != "" {
				h.Set("Authorization", tc.auth)
			}
			resp, _ := sseGet(t, tc.url, h)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			code, msg := refusal(t, resp)
			if code != tc.code || !strings.Contains(msg, tc.message) {
				t.Fatalf("%s %q, want %s containing %q", code, msg, tc.code, tc.message)
			}
			if tc.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	bad := http.Header{"Authorization": {"Bearer " + token(t, userAlice, time.Hour)}, "Last-Event-ID": {guildA + ":x:e"}}
	resp, _ := sseGet(t, e.sseURL(guildA), bad)
	if code, msg := refusal(t, resp); resp.StatusCode != 400 || !strings.Contains(msg, "Last-Event-ID") {
		t.Fatalf("malformed Last-Event-ID: %d %s %s", resp.StatusCode, code, msg)
	}
}

func TestSSEOriginAndPreflight(t *testing.T) {
	e := startEnv(t, nil)
	h := http.Header{"Authorization": {"Bearer " + token(t, userAlice, time.Hour)}, "Origin": {"https://evil.example"}}
	resp, _ := sseGet(t, e.sseURL(guildA), h)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin: status %d, want 403", resp.StatusCode)
	}
	for _, o := range []string{origin, "https://evil.example"} {
		req, _ := http.NewRequest(http.MethodOptions, e.sseURL(guildA), nil)
		req.Header.Set("Origin", o)
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "authorization,last-event-id")
		pre, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = pre.Body.Close()
		allowed := pre.Header.Get("Access-Control-Allow-Origin") == o &&
			strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "Authorization")
		if want := o == origin; allowed != want || (pre.StatusCode == http.StatusNoContent) != want {
			t.Errorf("preflight from %s: status %d, allowed %v; want allowed %v", o, pre.StatusCode, allowed, want)
		}
	}
	s := e.openSSE(t, userAlice, "", guildA)
	if got := s.resp.Header.Get("Access-Control-Allow-Origin"); got != origin {
		t.Errorf("stream's Access-Control-Allow-Origin %q", got)
	}
}

func TestSSEDeliversEnvelopesWithSeqAndIDs(t *testing.T) {
	e := startEnv(t, nil)
	s := e.openSSE(t, userAlice, "", guildA, guildB)
	a, b := s.expect("subscribed"), s.expect("subscribed")
	if a.GuildID != guildA || b.GuildID != guildB {
		t.Fatalf("subscribed to %s and %s", a.GuildID, b.GuildID)
	}
	broadcast(t, e.core, guildB, "gwalpha:happened", 7)
	ev := s.next()
	env := ev.envelope(t)
	if env.Event != "gwalpha:happened" || env.GuildID != guildB || env.Seq != 1 || env.field("i") != "7" || env.Timestamp == 0 {
		t.Fatalf("event %s", ev.Data)
	}
	want := fmt.Sprintf("%s:0:%s,%s:1:%s", guildA, a.field("epoch"), guildB, b.field("epoch"))
	if ev.ID != want {
		t.Fatalf("id %q, want %q", ev.ID, want)
	}
}

// An idle stream gets a heartbeat comment every heartbeat interval (1 s
// in these tests), which keeps proxies from closing it and tells the
// client it is alive.
func TestSSEHeartbeats(t *testing.T) {
	e := startEnv(t, nil)
	s := e.openSSE(t, userAlice, "", guildA)
	s.expect("subscribed")
	waitFor(t, "two heartbeats", func() bool { return s.pings.Load() >= 2 })
}

func TestSSEResumesWithLastEventID(t *testing.T) {
	e := startEnv(t, nil)
	s := e.openSSE(t, userAlice, "", guildA)
	s.expect("subscribed")
	broadcast(t, e.core, guildA, "gwalpha:happened", 1)
	s.expect("gwalpha:happened")
	s.cancel()
	waitFor(t, "the stream to be gone", func() bool { return len(e.gw.streamsOf("")) == 0 })
	for i := 2; i <= 4; i++ {
		broadcast(t, e.core, guildA, "gwalpha:happened", i)
	}
	r := e.openSSE(t, userAlice, s.lastID, guildA, guildB)
	sub := r.expect("subscribed")
	if sub.GuildID != guildA || sub.field("seq") != "4" {
		t.Fatalf("subscribed %s", sub.Data)
	}
	for want := uint64(2); want <= 4; want++ {
		if got := r.expect("gwalpha:happened"); got.Seq != want {
			t.Fatalf("replayed seq %d, want %d", got.Seq, want)
		}
	}
	r.expect("subscribed") // guild B, not in the id: joined fresh
	broadcast(t, e.core, guildA, "gwalpha:happened", 5)
	if got := r.expect("gwalpha:happened"); got.Seq != 5 {
		t.Fatalf("live seq %d", got.Seq)
	}

	// An epoch the broker no longer knows: resync, as over WebSocket.
	g := e.openSSE(t, userAlice, guildA+":2:0000dead0000", guildA)
	g.expect("subscribed")
	g.expect("resync")
}

func TestSSERefusesRoomsAsTheWebSocketDoes(t *testing.T) {
	e := startEnv(t, func(c *core.Config) { c.Gateway.MaxRooms = 2 })
	const unknown = "300000000000000009"
	e.access.set(userBob, guildA, allowAll)
	s := e.openSSE(t, userBob, "", guildB, guildA, core.GlobalRoom, unknown)
	forbidden := s.next().envelope(t)
	if forbidden.Event != "error" || forbidden.field("code") != "FORBIDDEN" || !strings.Contains(forbidden.field("message"), guildB) {
		t.Fatalf("guild B: %s %s", forbidden.Event, forbidden.Data)
	}
	s.expect("subscribed")
	for range 2 {
		if ev := s.expect("error"); ev.field("code") != "TOO_MANY_SUBSCRIPTIONS" {
			t.Fatalf("past the cap: %s", ev.Data)
		}
	}
	broadcast(t, e.core, guildA, "gwalpha:happened", 1)
	s.expect("gwalpha:happened")
}

func TestSSERevokedAccessUnsubscribes(t *testing.T) {
	e := startEnv(t, nil)
	s := e.openSSE(t, userAlice, "", guildA, guildB)
	s.expect("subscribed")
	s.expect("subscribed")
	e.access.set(userAlice, guildA, core.Access{Reason: "grant revoked"})
	if err := e.core.Broadcast(guildA, core.EventPermissionsUpdated, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	s.expect(core.EventPermissionsUpdated)
	ev := s.next()
	un := ev.envelope(t)
	if un.Event != "unsubscribed" || un.GuildID != guildA || !strings.Contains(un.field("reason"), "access revoked") {
		t.Fatalf("got %s", ev.Data)
	}
	if strings.Contains(ev.ID, guildA) || !strings.HasPrefix(ev.ID, guildB+":") {
		t.Fatalf("id after leaving %s: %q", guildA, ev.ID)
	}
	broadcast(t, e.core, guildA, "gwalpha:happened", 1)
	broadcast(t, e.core, guildB, "gwalpha:happened", 2)
	if got := s.expect("gwalpha:happened"); got.GuildID != guildB {
		t.Fatalf("an event of %s after revocation", got.GuildID)
	}
}

// A stopping gateway ends its streams with 1001 (reconnect with jitter)
// instead of waiting on them.
func TestSSEShutdownCloses1001(t *testing.T) {
	e := startEnv(t, nil)
	s := e.openSSE(t, userAlice, "", guildA)
	s.expect("subscribed")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.gw.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}
	s.expectClose(CloseGoingAway)
}

// Every id the gateway writes is one it accepts as Last-Event-ID.
func TestSSEEventIDRoundTrip(t *testing.T) {
	pos := map[string]core.Position{
		guildA:          {Seq: 7, Epoch: "9f2c1a7b3e01"},
		core.GlobalRoom: {Seq: 0, Epoch: "e"},
		guildB:          {Seq: 3, Epoch: "bad epoch"},
	}
	id := string(formatEventID(nil, []string{guildA, guildB, core.GlobalRoom}, pos))
	if want := guildA + ":7:9f2c1a7b3e01,global:0:e"; id != want {
		t.Fatalf("id %q, want %q", id, want)
	}
	got, err := parseEventID(id)
	if err != nil || len(got) != 2 || got[guildA] != pos[guildA] || got[core.GlobalRoom] != pos[core.GlobalRoom] {
		t.Fatalf("parsed %v, %v", got, err)
	}
	for _, bad := range []string{"", "x:1:e", guildA + ":-1:e", guildA + ":1:", guildA + ":1", strings.Repeat(guildA+":1:e,", 300)} {
		if _, err := parseEventID(bad); err == nil {
			t.Errorf("parseEventID(%q) accepted", bad)
		}
	}
}
