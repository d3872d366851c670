package core

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// ControlRoom is the broker room that carries messages between instances
// rather than events for dashboards. Every gateway subscribes to it for as
// long as it runs; no client may join it (ValidRoom refuses it).
const ControlRoom = "control"

// EventSessionsRevoked is published in ControlRoom when a user's sessions
// are revoked (logout everywhere). Its payload is SessionsRevoked. It is
// not declared in the catalog: it never reaches a dashboard.
const EventSessionsRevoked = "dashboard:sessions_revoked"

// SessionsRevoked is the payload of EventSessionsRevoked: every
// session-bound token of UserID issued at or before Before (Unix seconds)
// is no longer honoured.
type SessionsRevoked struct {
	UserID string `json:"userId"`
	Before int64  `json:"before"`
}

// SessionChecker tells whether a session-bound token is still honoured.
// The dashboard API installs one (it keeps the sessions); the gateway asks
// it on every auth frame that carries such a token.
type SessionChecker interface {
	// SessionValid reports whether a session-bound token of userID issued
	// at iat (zero when the token has no iat) is still honoured.
	SessionValid(ctx context.Context, userID string, iat time.Time) (bool, error)
}

// SessionBound reports whether a token belongs to a dashboard session: the
// session token itself, or a gateway token minted from one. Such tokens
// stop working when the session is revoked. Tokens that carry only the
// contract's required claims (sub, exp; `warden token`) are not bound and
// stay valid until they expire.
func SessionBound(c *Claims) bool {
	return c != nil && (c.Kind == "session" || c.Kind == "ws")
}

// SetSessions installs the session checker the gateway asks.
func (c *Core) SetSessions(s SessionChecker) {
	c.mu.Lock()
	c.sessions = s
	c.mu.Unlock()
}

// Sessions returns the session checker; nil when no dashboard API runs.
func (c *Core) Sessions() SessionChecker {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessions
}

// PublishSessionsRevoked tells the gateways of every instance, through the
// broker, that userID's session-bound tokens issued at or before before
// are revoked, so that they close the connections that authenticated with
// one. Call it after the revocation is stored.
func (c *Core) PublishSessionsRevoked(ctx context.Context, userID string, before time.Time) error {
	if c.broker == nil {
		return nil // no gateway can run without a broker
	}
	data, err := json.Marshal(SessionsRevoked{UserID: userID, Before: before.Unix()})
	if err != nil {
		return fmt.Errorf("sessions revoked for %s: %w", userID, err)
	}
	ev := Event{Room: ControlRoom, Name: EventSessionsRevoked, Data: data, Timestamp: time.Now().UnixMilli()}
	if _, err := c.broker.Publish(ctx, ev); err != nil {
		return fmt.Errorf("publish sessions revoked for %s: %w", userID, err)
	}
	return nil
}
