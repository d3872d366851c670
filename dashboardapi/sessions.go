package dashboardapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Collections of the API, beside the plugins' ("<plugin>_<name>").
const (
	usersCollection = "api_users"
)

// sessionStore keeps, per user, the profile read at login and the time
// before which their tokens are no longer honoured ("log out everywhere").
// It is read on every authenticated request, so a logout takes effect at
// once on every instance.
type sessionStore struct {
	coll *store.Collection[userRecord]
}

type userRecord struct {
	store.Meta
	Username   string    `json:"username,omitempty"`
	GlobalName string    `json:"globalName,omitempty"`
	Avatar     string    `json:"avatar,omitempty"`
	Guilds     []string  `json:"guilds,omitempty"`
	LastLogin  time.Time `json:"lastLogin,omitzero"`
	// ValidAfter: tokens issued at or before this second are refused.
	ValidAfter int64 `json:"validAfter,omitempty"`
}

func newSessionStore(ctx context.Context, db *store.DB) (*sessionStore, error) {
	coll, err := store.Declare[userRecord](ctx, db, usersCollection)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	return &sessionStore{coll: coll}, nil
}

func (s *sessionStore) get(ctx context.Context, userID string) (userRecord, bool, error) {
	rec, err := s.coll.Get(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return userRecord{Meta: store.Meta{ID: userID}}, false, nil
	}
	if err != nil {
		return userRecord{}, false, fmt.Errorf("user %s: %w", userID, err)
	}
	return *rec, true, nil
}

// valid reports whether a token of userID issued at iat is still honoured.
func (s *sessionStore) valid(ctx context.Context, userID string, iat time.Time) (bool, error) {
	rec, found, err := s.get(ctx, userID)
	if err != nil || !found || rec.ValidAfter == 0 {
		return err == nil, err
	}
	return !iat.IsZero() && iat.Unix() > rec.ValidAfter, nil
}

// SessionValid implements core.SessionChecker for the gateway.
func (s *sessionStore) SessionValid(ctx context.Context, userID string, iat time.Time) (bool, error) {
	return s.valid(ctx, userID, iat)
}

// saveLogin records the profile read from Discord at login.
func (s *sessionStore) saveLogin(ctx context.Context, rec userRecord) error {
	_, err := s.coll.Upsert(ctx, rec.ID, func(d *userRecord, _ bool) error {
		d.Username, d.GlobalName, d.Avatar, d.Guilds, d.LastLogin = rec.Username, rec.GlobalName, rec.Avatar, rec.Guilds, rec.LastLogin
		return nil
	})
	if err != nil {
		return fmt.Errorf("save login of %s: %w", rec.ID, err)
	}
	return nil
}

// revokeAll makes every token of userID issued up to now invalid.
func (s *sessionStore) revokeAll(ctx context.Context, userID string, now time.Time) error {
	_, err := s.coll.Upsert(ctx, userID, func(d *userRecord, _ bool) error {
		d.ValidAfter = now.Unix()
		return nil
	})
	if err != nil {
		return fmt.Errorf("log %s out everywhere: %w", userID, err)
	}
	return nil
}

var _ core.SessionChecker = (*sessionStore)(nil)
