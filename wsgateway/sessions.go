package wsgateway

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
)

// revokedKeep is how long a revocation heard from the broker is kept to
// close the race with an auth frame that read the session store just
// before the revocation was stored: far longer than one auth takes.
const revokedKeep = time.Minute

// revokedNote is a revocation heard from the broker.
type revokedNote struct {
	before int64 // tokens issued at or before this Unix second are revoked
	heard  time.Time
}

// sessionValid asks the core's session checker whether a session-bound
// token is still honoured. Without a checker (no dashboard API runs on
// this core) there are no sessions to revoke.
func (g *Gateway) sessionValid(user string, iat time.Time) (bool, error) {
	sc := g.sessions()
	if sc == nil {
		return true, nil
	}
	ctx, cancel := context.WithTimeout(g.ctx, 5*time.Second)
	defer cancel()
	ok, err := sc.SessionValid(ctx, user, iat)
	if err != nil {
		return false, fmt.Errorf("session of %s: %w", user, err)
	}
	return ok, nil
}

// onControl handles a message in the control room. It runs in the broker's
// handler, so it only looks at memory and asks connections to close.
func (g *Gateway) onControl(ev *core.Event) {
	if ev.Name == "" {
		// Revocations may have been lost (a Redis outage): check every
		// session-bound connection against the store once.
		g.scheduleRecheck(core.ControlRoom)
		return
	}
	if ev.Name != core.EventSessionsRevoked {
		return
	}
	var rv core.SessionsRevoked
	if err := json.Unmarshal(ev.Data, &rv); err != nil || rv.UserID == "" {
		g.log.Error("drop malformed sessions_revoked message", "err", err)
		return
	}
	g.noteRevoked(rv)
	for _, c := range g.connsOf(rv.UserID) {
		if c.revokedBy(rv.UserID, rv.Before) {
			c.closeWith(CloseAuthFailed, "session logged out")
		}
	}
	for _, s := range g.streamsOf(rv.UserID) {
		if s.revokedBy(rv.UserID, rv.Before) {
			s.closeWith(CloseAuthFailed, "session logged out")
		}
	}
}

// noteRevoked remembers a revocation for revokedKeep.
func (g *Gateway) noteRevoked(rv core.SessionsRevoked) {
	now := time.Now()
	g.revokedMu.Lock()
	defer g.revokedMu.Unlock()
	for u, n := range g.revoked {
		if now.Sub(n.heard) > revokedKeep {
			delete(g.revoked, u)
		}
	}
	if n, ok := g.revoked[rv.UserID]; !ok || rv.Before > n.before {
		g.revoked[rv.UserID] = revokedNote{before: rv.Before, heard: now}
	}
}

// heardRevoked reports whether a recent revocation covers a token of user
// issued at iat (Unix seconds).
func (g *Gateway) heardRevoked(user string, iat int64) bool {
	g.revokedMu.Lock()
	defer g.revokedMu.Unlock()
	n, ok := g.revoked[user]
	return ok && iat <= n.before
}

// connsOf returns the connections of user on this instance.
func (g *Gateway) connsOf(user string) []*conn {
	g.mu.Lock()
	all := make([]*conn, 0, len(g.conns))
	for c := range g.conns {
		all = append(all, c)
	}
	g.mu.Unlock()
	out := all[:0]
	for _, c := range all {
		if user == "" || c.userID() == user {
			out = append(out, c)
		}
	}
	return out
}

// recheckSessions asks the session store again for every connection that
// authenticated with a session-bound token, and closes those whose session
// was revoked.
func (g *Gateway) recheckSessions() {
	for _, c := range g.connsOf("") {
		c.mu.Lock()
		user, bound, iat := c.user, c.bound, c.iat
		c.mu.Unlock()
		if user == "" || !bound {
			continue
		}
		var t time.Time
		if iat != 0 {
			t = time.Unix(iat, 0)
		}
		ok, err := g.sessionValid(user, t)
		if err != nil {
			g.log.Warn("session recheck failed; connection kept", "user", user, "err", err)
			continue
		}
		if !ok {
			c.closeWith(CloseAuthFailed, "session logged out")
		}
	}
	for _, s := range g.streamsOf("") {
		if !s.bound {
			continue
		}
		var t time.Time
		if s.iat != 0 {
			t = time.Unix(s.iat, 0)
		}
		ok, err := g.sessionValid(s.user, t)
		if err != nil {
			g.log.Warn("session recheck failed; stream kept", "user", s.user, "err", err)
			continue
		}
		if !ok {
			s.closeWith(CloseAuthFailed, "session logged out")
		}
	}
}

// revokedBy reports whether a revocation of user's tokens issued at or
// before before covers the token this connection authenticated with.
func (c *conn) revokedBy(user string, before int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.user == user && c.bound && c.iat <= before
}
