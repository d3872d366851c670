package dashboard

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

// Collection names, stored as dashboard_<name>.
const (
	grantsCollection = "grants"
	auditCollection  = "audit"
)

// maxGrantsPerGuild bounds a guild's grants so that every access check
// stays one small read.
const maxGrantsPerGuild = 200

type grantRecord struct {
	ID        bson.ObjectID `bson:"_id"`
	GuildID   string        `bson:"guildId"`
	UserID    string        `bson:"userId,omitempty"`
	RoleID    string        `bson:"roleId,omitempty"`
	Plugins   []string      `bson:"plugins"`
	CreatedBy string        `bson:"createdBy"`
	CreatedAt time.Time     `bson:"createdAt"`
}

func (r grantRecord) grant() core.Grant {
	return core.Grant{ID: r.ID.Hex(), GuildID: r.GuildID, UserID: r.UserID, RoleID: r.RoleID,
		Plugins: r.Plugins, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

type grantStore struct{ coll *mongo.Collection }

func (s *grantStore) list(ctx context.Context, guildID string) ([]core.Grant, error) {
	cur, err := s.coll.Find(ctx, bson.D{{Key: "guildId", Value: guildID}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(maxGrantsPerGuild))
	if err != nil {
		return nil, fmt.Errorf("grants of guild %s: %w", guildID, core.StoreError(err))
	}
	var recs []grantRecord
	if err := cur.All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("grants of guild %s: %w", guildID, core.StoreError(err))
	}
	out := make([]core.Grant, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.grant())
	}
	return out, nil
}

func (s *grantStore) count(ctx context.Context, guildID string) (int64, error) {
	n, err := s.coll.CountDocuments(ctx, bson.D{{Key: "guildId", Value: guildID}})
	if err != nil {
		return 0, fmt.Errorf("count grants of guild %s: %w", guildID, core.StoreError(err))
	}
	return n, nil
}

func (s *grantStore) insert(ctx context.Context, rec grantRecord) error {
	if _, err := s.coll.InsertOne(ctx, rec); err != nil {
		return fmt.Errorf("add grant in guild %s: %w", rec.GuildID, core.StoreError(err))
	}
	return nil
}

// remove deletes a grant and returns it; ErrNotFound when it is not there.
func (s *grantStore) remove(ctx context.Context, guildID, id string) (core.Grant, error) {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return core.Grant{}, fmt.Errorf("grant %q of guild %s: %w", id, guildID, core.ErrNotFound)
	}
	var rec grantRecord
	err = s.coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: oid}, {Key: "guildId", Value: guildID}}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return core.Grant{}, fmt.Errorf("grant %s of guild %s: %w", id, guildID, core.ErrNotFound)
	}
	if err != nil {
		return core.Grant{}, fmt.Errorf("remove grant %s of guild %s: %w", id, guildID, core.StoreError(err))
	}
	return rec.grant(), nil
}
