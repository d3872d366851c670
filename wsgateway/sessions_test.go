package wsgateway

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// fakeSessions is a SessionChecker the tests change at will: tokens of a
// user issued at or before before[user] are revoked; fail makes every check
// fail.
type fakeSessions struct {
	mu     sync.Mutex
	before map[string]int64
	fail   bool
}

func (f *fakeSessions) SessionValid(_ context.Context, user string, iat time.Time) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return false, errors.New("store unreachable")
	}
	b, ok := f.before[user]
	return !ok || (!iat.IsZero() && iat.Unix() > b), nil
}

func (f *fakeSessions) revoke(user string, before int64) {
	f.mu.Lock()
	f.before[user] = before
	f.mu.Unlock()
}

func mint(t *testing.T, user, kind string, iat time.Time) string {
	t.Helper()
	tok, err := core.MintToken([]byte(testenv.Secret), user, kind, time.Hour, iat)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (c *client) authWith(tok string) {
	c.t.Helper()
	c.sendRaw(`{"type":"auth","token":"` + tok + `"}`)
}

// TestSessionRevocation checks the gateway's side of a logout everywhere:
// auth frames consult the session store for session-bound tokens only; a
// sessions_revoked message in the control room closes the connections it
// covers with 4001; a lost control message makes the gateway recheck every
// session-bound connection; and a store that cannot answer refuses.
func TestSessionRevocation(t *testing.T) {
	e := startEnv(t, nil)
	fs := &fakeSessions{before: map[string]int64{}}
	e.core.SetSessions(fs)
	// Tokens issued at past are covered by a revocation at cut; tokens
	// issued now are not.
	past := time.Now().Add(-time.Minute)
	cut := past.Add(time.Second)

	t.Run("message in the control room closes covered connections", func(t *testing.T) {
		session, ws, plain, bob := dial(t, e.url), dial(t, e.url), dial(t, e.url), dial(t, e.url)
		session.authWith(mint(t, userAlice, "session", past))
		ws.authWith(mint(t, userAlice, "ws", past))
		plain.authWith(mint(t, userAlice, "", past))
		bob.authWith(mint(t, userBob, "session", past))
		for _, c := range []*client{session, ws, plain, bob} {
			c.expect("authenticated")
		}
		fresh := dial(t, e.url)
		fresh.authWith(mint(t, userAlice, "session", time.Now()))
		fresh.expect("authenticated")

		fs.revoke(userAlice, cut.Unix())
		if err := e.core.PublishSessionsRevoked(context.Background(), userAlice, cut); err != nil {
			t.Fatal(err)
		}
		session.expectClose(CloseAuthFailed)
		ws.expectClose(CloseAuthFailed)
		for _, c := range []*client{plain, bob, fresh} {
			c.sendRaw(`{"type":"ping"}`)
			c.expect("pong")
		}
		again := dial(t, e.url)
		again.authWith(mint(t, userAlice, "ws", past))
		again.expectError(core.CodeUnauthorized)
		again.expectClose(CloseAuthFailed)
	})

	t.Run("a later auth with a revoked token keeps the connection", func(t *testing.T) {
		c := dial(t, e.url)
		c.authWith(mint(t, userAlice, "", past))
		c.expect("authenticated")
		c.authWith(mint(t, userAlice, "ws", past))
		c.expectError(core.CodeUnauthorized)
		c.sendRaw(`{"type":"ping"}`)
		c.expect("pong")
	})

	t.Run("lost control messages make the gateway recheck", func(t *testing.T) {
		c := dial(t, e.url)
		c.authWith(mint(t, userBob, "ws", past))
		c.expect("authenticated")
		fs.revoke(userBob, cut.Unix())
		e.gw.onEvent(&core.Event{Room: core.ControlRoom, Seq: 99, Epoch: "x"}) // a broker's gap marker
		c.expectClose(CloseAuthFailed)
	})

	t.Run("a store that cannot answer refuses", func(t *testing.T) {
		fs.mu.Lock()
		fs.fail = true
		fs.mu.Unlock()
		defer func() { fs.mu.Lock(); fs.fail = false; fs.mu.Unlock() }()
		c := dial(t, e.url)
		c.authWith(mint(t, userRoot, "session", time.Now()))
		if m := c.expectError(core.CodeUnauthorized).field("message"); m != "the session could not be checked; try again" {
			t.Fatalf("message %q", m)
		}
		c.expectClose(CloseAuthFailed)
	})
}
