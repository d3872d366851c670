package wsgateway

import (
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestProtocolHappyPath(t *testing.T) {
	e := startEnv(t, nil)
	c := dial(t, e.url)
	c.sendRaw(`{"type":"ping"}`)
	c.expect("pong")
	c.sendRaw(`{"type":"subscribe","guildId":"` + guildA + `"}`)
	c.expectError(core.CodeNotAuthenticated)

	auth := c.auth(userAlice)
	if auth.field("userId") != userAlice || !strings.Contains(string(auth.Data), guildA) {
		t.Fatalf("authenticated = %s", auth.Data)
	}
	sub := c.subscribe(guildA)
	if sub.GuildID != guildA || sub.field("epoch") == "" || sub.field("seq") != "0" {
		t.Fatalf("subscribed = %+v %s", sub, sub.Data)
	}
	broadcast(t, e.core, guildA, "gwalpha:happened", 1)
	ev := c.expect("gwalpha:happened")
	if ev.GuildID != guildA || ev.Seq != 1 || ev.field("i") != "1" || ev.Timestamp == 0 {
		t.Fatalf("event = %+v %s", ev, ev.Data)
	}
	c.sendRaw(`{"type":"unsubscribe","guildId":"` + guildA + `"}`)
	if u := c.expect("unsubscribed"); u.field("guildId") != guildA || u.field("reason") == "" {
		t.Fatalf("unsubscribed = %s", u.Data)
	}
	c.sendRaw(`{"type":"unsubscribe","guildId":"` + guildA + `"}`)
	c.expectError(core.CodeNotFound)
	broadcast(t, e.core, guildA, "gwalpha:happened", 2)
	c.sendRaw(`{"type":"ping"}`)
	c.expect("pong") // the event after unsubscribing did not arrive
}

func TestBadFrames(t *testing.T) {
	e := startEnv(t, func(c *core.Config) { c.Gateway.SubscribeRate, c.Gateway.MaxBadFrames = 100, 20 })
	c := dial(t, e.url)
	c.auth(userAlice)
	tests := []struct {
		name, frame, want string
	}{
		{"malformed JSON", `{"type":`, "not a JSON object"},
		{"array", `[1]`, "must be an object"},
		{"null", `null`, "got null"},
		{"no type", `{"guildId":"1"}`, `missing field "type"`},
		{"type not a string", `{"type":1}`, `"type" must be a string`},
		{"unknown type", `{"type":"hello"}`, `unknown type "hello"`},
		{"missing field", `{"type":"subscribe"}`, `missing field "guildId"`},
		{"extra field", `{"type":"ping","x":1}`, `unexpected field "x"`},
		{"wrong type", `{"type":"subscribe","guildId":5}`, `"guildId" must be a string`},
		{"bad since", `{"type":"subscribe","guildId":"` + guildA + `","since":-1,"epoch":"e"}`, `"since" must be a non-negative integer`},
		{"since without epoch", `{"type":"subscribe","guildId":"` + guildA + `","since":1}`, `go together`},
		{"bad guild id", `{"type":"subscribe","guildId":"abc"}`, `snowflake`},
		{"empty token", `{"type":"auth","token":""}`, `must not be empty`},
		{"trailing data", `{"type":"ping"} x`, "not a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.sendRaw(tc.frame)
			msg := c.expectError(core.CodeBadRequest).field("message")
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("message %q does not say %q", msg, tc.want)
			}
		})
	}
	t.Run("binary frame", func(t *testing.T) {
		c2 := dial(t, e.url)
		if err := c2.ws.WriteMessage(websocket.BinaryMessage, []byte(`{"type":"ping"}`)); err != nil {
			t.Fatal(err)
		}
		c2.expectError(core.CodeBadRequest)
	})
	t.Run("repeated abuse closes 1008", func(t *testing.T) {
		c3 := dial(t, e.url)
		for range 21 {
			c3.sendRaw(`nope`)
		}
		c3.expectClose(ClosePolicy)
	})
}

func TestAuthFailures(t *testing.T) {
	e := startEnv(t, func(c *core.Config) {
		c.Gateway.AuthTimeout = 300 * time.Millisecond
		c.Gateway.IdleTimeout = 600 * time.Millisecond
		c.Gateway.MaxConnectionsPerUser = 2
	})
	tests := []struct {
		name  string
		frame string
		code  int
	}{
		{"bad signature", `{"type":"auth","token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.x"}`, CloseAuthFailed},
		{"alg none", `{"type":"auth","token":"eyJhbGciOiJub25lIn0.eyJzdWIiOiIyMDAwMDAwMDAwMDAwMDAwMDEiLCJleHAiOjk5OTk5OTk5OTl9."}`, CloseAuthFailed},
		{"expired", `{"type":"auth","token":"` + expiredToken(t) + `"}`, CloseTokenExpired},
		{"not sent in time", ``, CloseAuthFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, e.url)
			if tc.frame != "" {
				c.sendRaw(tc.frame)
				c.expectError(core.CodeUnauthorized)
			}
			c.expectClose(tc.code)
		})
	}
	t.Run("idle timeout", func(t *testing.T) {
		c := dial(t, e.url)
		c.auth(userAlice)
		c.expectClose(CloseIdle)
	})
	t.Run("per-user cap", func(t *testing.T) {
		a, b, c := dial(t, e.url), dial(t, e.url), dial(t, e.url)
		a.auth(userBob)
		b.auth(userBob)
		c.sendRaw(`{"type":"auth","token":"` + token(t, userBob, time.Hour) + `"}`)
		c.expectError(core.CodeForbidden)
		c.expectClose(ClosePolicy)
	})
}

func TestTokenExpiryAndRefresh(t *testing.T) {
	e := startEnv(t, nil)
	short := func() string { return `{"type":"auth","token":"` + token(t, userAlice, 2*time.Second) + `"}` }
	expiring, refreshed := dial(t, e.url), dial(t, e.url)
	expiring.sendRaw(short())
	expiring.expect("authenticated")
	refreshed.sendRaw(short())
	refreshed.expect("authenticated")
	refreshed.sendRaw(`{"type":"auth","token":"` + token(t, userBob, time.Hour) + `"}`)
	refreshed.expectError(core.CodeUnauthorized) // another user's token does not extend
	refreshed.auth(userAlice)                    // a fresh token for the same user does

	expiring.expectClose(CloseTokenExpired)
	refreshed.sendRaw(`{"type":"ping"}`)
	refreshed.expect("pong")
}

func TestAccessAndGlobalRoom(t *testing.T) {
	e := startEnv(t, nil)
	bob := dial(t, e.url)
	bob.auth(userBob)
	for _, room := range []string{guildA, core.GlobalRoom} {
		bob.sendRaw(`{"type":"subscribe","guildId":"` + room + `"}`)
		bob.expectError(core.CodeForbidden)
	}
	root := dial(t, e.url)
	if a := root.auth(userRoot); !strings.Contains(string(a.Data), `"global"`) {
		t.Fatalf("superuser's authenticated lacks global: %s", a.Data)
	}
	root.subscribe(core.GlobalRoom)
	if err := e.core.Broadcast(core.GlobalRoom, core.EventStatsUpdated, map[string]int{"guilds": 2}); err != nil {
		t.Fatal(err)
	}
	if ev := root.expect(core.EventStatsUpdated); ev.GuildID != core.GlobalRoom || ev.Seq != 1 {
		t.Fatalf("global event = %+v", ev)
	}
}

func expiredToken(t *testing.T) string {
	tok, err := core.MintToken([]byte(testenv.Secret), userAlice, "ws", time.Second, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// A text frame that is not valid UTF-8 fails the connection with 1007
// (RFC 6455 section 8.1); it is not a malformed-JSON BAD_REQUEST.
func TestInvalidUTF8Closes1007(t *testing.T) {
	e := startEnv(t, nil)
	for _, name := range []string{"before auth", "after auth"} {
		t.Run(name, func(t *testing.T) {
			c := dial(t, e.url)
			if name == "after auth" {
				c.auth(userAlice)
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, []byte("{\"type\":\"ping\",\"x\":\"\xff\xfe\"}")); err != nil {
				t.Fatal(err)
			}
			c.expectClose(CloseInvalidData)
		})
	}
}
