package dashboardapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Collections of the API, beside the plugins' ("<plugin>_<name>").
const (
	usersCollection = "api_users"
)

// sessionStore keeps, per user, the profile read at login and the time
// before which their tokens are no longer honoured ("log out everywhere").
// It is read on every authenticated request, so a logout takes effect at
// once on every instance.
type sessionStore struct{ coll *mongo.Collection }

type userRecord struct {
	ID         string    `bson:"_id"`
	Username   string    `bson:"username,omitempty"`
	GlobalName string    `bson:"globalName,omitempty"`
	Avatar     string    `bson:"avatar,omitempty"`
	Guilds     []string  `bson:"guilds,omitempty"`
	LastLogin  time.Time `bson:"lastLogin,omitempty"`
	// ValidAfter: tokens issued at or before this second are refused.
	ValidAfter int64 `bson:"validAfter,omitempty"`
}

func newSessionStore(st *core.Store) *sessionStore {
	return &sessionStore{coll: st.DB.Collection(usersCollection)}
}

func (s *sessionStore) ensureIndexes(context.Context) error { return nil }

func (s *sessionStore) get(ctx context.Context, userID string) (userRecord, bool, error) {
	var rec userRecord
	err := s.coll.FindOne(ctx, bson.D{{Key: "_id", Value: userID}}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return userRecord{ID: userID}, false, nil
	}
	if err != nil {
		return userRecord{}, false, fmt.Errorf("user %s: %w", userID, core.StoreError(err))
	}
	return rec, true, nil
}

// valid reports whether a token of userID issued at iat is still honoured.
func (s *sessionStore) valid(ctx context.Context, userID string, iat time.Time) (bool, error) {
	rec, found, err := s.get(ctx, userID)
	if err != nil || !found || rec.ValidAfter == 0 {
		return err == nil, err
	}
	return !iat.IsZero() && iat.Unix() > rec.ValidAfter, nil
}

// saveLogin records the profile read from Discord at login.
func (s *sessionStore) saveLogin(ctx context.Context, rec userRecord) error {
	_, err := s.coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: rec.ID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "username", Value: rec.Username}, {Key: "globalName", Value: rec.GlobalName},
		{Key: "avatar", Value: rec.Avatar}, {Key: "guilds", Value: rec.Guilds}, {Key: "lastLogin", Value: rec.LastLogin},
	}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save login of %s: %w", rec.ID, core.StoreError(err))
	}
	return nil
}

// revokeAll makes every token of userID issued up to now invalid.
func (s *sessionStore) revokeAll(ctx context.Context, userID string, now time.Time) error {
	_, err := s.coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "validAfter", Value: now.Unix()}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("log %s out everywhere: %w", userID, core.StoreError(err))
	}
	return nil
}
