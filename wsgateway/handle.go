package wsgateway

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
)

// handle decodes and answers one client text frame.
func (c *conn) handle(data []byte) {
	f, err := decodeFrame(data)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if f.Type == typePing {
		c.send(reply("pong", "", struct{}{}))
		return
	}
	if f.Type == typeAuth {
		c.mu.Lock()
		ok, closeIt := c.authLim.allow(c.g.now())
		c.mu.Unlock()
		if closeIt {
			c.closeWith(CloseRateLimited, "rate limit exceeded")
			return
		}
		if !ok {
			c.send(errorMsg(core.CodeRateLimited, fmt.Sprintf("at most %d auth frames per minute", c.g.cfg.AuthRate)))
			return
		}
		c.auth(f.Token)
		return
	}
	if c.userID() == "" {
		c.send(errorMsg(core.CodeNotAuthenticated, "send auth before "+f.Type))
		return
	}
	c.mu.Lock()
	ok, closeIt := c.limiter.allow(c.g.now())
	c.mu.Unlock()
	if closeIt {
		c.closeWith(CloseRateLimited, "rate limit exceeded")
		return
	}
	if !ok {
		c.send(errorMsg(core.CodeRateLimited, fmt.Sprintf("at most %d subscribe/unsubscribe frames per second", c.g.cfg.SubscribeRate)))
		return
	}
	if f.Type == typeSubscribe {
		c.subscribe(f)
		return
	}
	c.unsubscribe(f.GuildID)
}

// auth verifies a token. The first auth authenticates the connection; a
// later one with a fresh token for the same user extends it.
func (c *conn) auth(token string) {
	claims, err := core.VerifyToken(c.g.secret, token)
	current := c.userID()
	if err != nil {
		c.g.m.authFailures.Inc()
		msg := "token invalid"
		code := CloseAuthFailed
		if errors.Is(err, core.ErrTokenExpired) {
			msg, code = "token expired", CloseTokenExpired
		}
		c.send(errorMsg(core.CodeUnauthorized, msg))
		if current == "" {
			c.closeWith(code, msg)
		}
		return
	}
	user := claims.Subject
	if current != "" && current != user {
		c.send(errorMsg(core.CodeUnauthorized, "a fresh token must be for the connection's user"))
		return
	}
	bound := core.SessionBound(claims)
	var iat int64
	if claims.IssuedAt != nil {
		iat = claims.IssuedAt.Unix()
	}
	if bound && !c.sessionOK(user, iat, current == "") {
		return
	}
	if current == "" {
		if !c.g.admitUser(user) {
			c.send(errorMsg(core.CodeForbidden, fmt.Sprintf("at most %d connections per user", c.g.cfg.MaxConnectionsPerUser)))
			c.closeWith(ClosePolicy, "too many connections for this user")
			return
		}
		_ = c.ws.SetReadDeadline(time.Now().Add(c.g.cfg.IdleTimeout))
		c.endPending()
	}
	c.mu.Lock()
	c.user, c.bound, c.iat = user, bound, iat
	if c.expiry != nil {
		c.expiry.Stop()
	}
	c.expiry = time.AfterFunc(time.Until(claims.ExpiresAt.Time), func() {
		c.closeWith(CloseTokenExpired, "token expired")
	})
	c.mu.Unlock()
	// A revocation stored after sessionOK read the store and heard before
	// the connection showed its user would otherwise pass unseen.
	if bound && c.g.heardRevoked(user, iat) {
		c.send(errorMsg(core.CodeUnauthorized, "this session was logged out; log in again"))
		c.closeWith(CloseAuthFailed, "session logged out")
		return
	}
	c.send(reply("authenticated", "", map[string]any{"userId": user, "guilds": c.g.guildsOf(user)}))
}

// sessionOK checks a session-bound token against the session store. A
// revoked session (or one that cannot be checked) is refused like an
// invalid token: the first auth closes 4001, a later one keeps the
// connection on its current token.
func (c *conn) sessionOK(user string, iat int64, first bool) bool {
	var t time.Time
	if iat != 0 {
		t = time.Unix(iat, 0)
	}
	ok, err := c.g.sessionValid(user, t)
	msg, reason := "this session was logged out; log in again", "session logged out"
	if err != nil {
		c.g.log.Warn("session check failed", "user", user, "err", err)
		msg, reason = "the session could not be checked; try again", "session could not be checked"
	}
	if ok && err == nil {
		return true
	}
	c.g.m.authFailures.Inc()
	c.send(errorMsg(core.CodeUnauthorized, msg))
	if first {
		c.closeWith(CloseAuthFailed, reason)
	}
	return false
}

// subscribe joins a room after checking access, replaying from since when
// asked.
func (c *conn) subscribe(f frame) {
	room, user := f.GuildID, c.userID()
	c.mu.Lock()
	old := c.subs[room]
	delete(c.subs, room)
	full := len(c.subs) >= c.g.cfg.MaxRooms
	c.mu.Unlock()
	if old != nil {
		c.g.leave(old)
	}
	if full {
		c.send(errorMsg(core.CodeTooManySubscriptions, fmt.Sprintf("at most %d rooms per connection", c.g.cfg.MaxRooms)))
		return
	}
	m, refusal := c.g.joinChecked(c, user, f)
	if refusal != nil {
		c.send(refusal)
		return
	}
	c.mu.Lock()
	c.subs[room] = m
	c.mu.Unlock()
}

// joinChecked joins s to the room f names once the bot is known to be in
// it and user may see it, replaying from f's since when given. When it
// refuses, it returns the error frame to send instead: both transports
// answer a refused room alike.
func (g *Gateway) joinChecked(s subscriber, user string, f frame) (*member, *outMsg) {
	room := f.GuildID
	ctx, cancel := context.WithTimeout(g.ctx, 5*time.Second)
	defer cancel()
	known, err := g.knownRoom(ctx, room)
	if err != nil {
		g.log.Warn("guild lookup failed", "guild", room, "user", user, "err", err)
		return nil, errorMsg(core.CodeForbidden, "access could not be checked; try again")
	}
	if !known {
		return nil, errorMsg(core.CodeNotFound, "the bot is not in guild "+room)
	}
	access, err := g.check(ctx, user, room)
	if err != nil {
		g.log.Warn("access check failed", "guild", room, "user", user, "err", err)
		return nil, errorMsg(core.CodeForbidden, "access could not be checked; try again")
	}
	if !access.Allowed {
		return nil, errorMsg(core.CodeForbidden, "no access to "+room)
	}
	m, err := g.join(ctx, s, room, access, f)
	if err != nil {
		g.log.Warn("join room failed", "guild", room, "err", err)
		return nil, errorMsg(core.CodeForbidden, "room unavailable; try again")
	}
	return m, nil
}

func (c *conn) unsubscribe(room string) {
	c.mu.Lock()
	m := c.subs[room]
	delete(c.subs, room)
	c.mu.Unlock()
	if m == nil {
		c.send(errorMsg(core.CodeNotFound, "not subscribed to "+room))
		return
	}
	c.g.leave(m)
	c.send(unsubscribedMsg(room, "unsubscribed"))
}

// dropRoom removes a membership the gateway revoked, if it is still the
// connection's.
func (c *conn) dropRoom(room string, m *member) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subs[room] != m {
		return false
	}
	delete(c.subs, room)
	return true
}
