package moderation

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core"
)

// Collection names, stored as "moderation_<name>".
const (
	collCases   = "cases"
	collRules   = "rules"
	collPresets = "presets"
)

// indexes are created by the core before the plugin starts. The scheduler's
// query (status, expiresAt) and the case-number allocation (guildId, number)
// both run on an index.
func indexes() []core.IndexSpec {
	return []core.IndexSpec{
		{Collection: collCases, Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "number", Value: 1}}, Unique: true, Name: "guild_number"},
		{Collection: collCases, Keys: bson.D{{Key: "status", Value: 1}, {Key: "expiresAt", Value: 1}}, Name: "status_expiry"},
		{Collection: collCases, Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "targetId", Value: 1}, {Key: "number", Value: -1}}, Name: "guild_target"},
		{Collection: collCases, Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "createdAt", Value: -1}}, Name: "guild_created"},
		{Collection: collRules, Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "name", Value: 1}}, Unique: true, Name: "guild_name"},
		{Collection: collPresets, Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "name", Value: 1}}, Unique: true, Name: "guild_name"},
	}
}

// store wraps the plugin's collections.
type store struct {
	cases   *mongo.Collection
	rules   *mongo.Collection
	presets *mongo.Collection
}

func newStore(pc *core.Context) *store {
	return &store{cases: pc.Collection(collCases), rules: pc.Collection(collRules), presets: pc.Collection(collPresets)}
}

// maxNumberAttempts bounds the retries of insertCase under contention.
const maxNumberAttempts = 40

// insertCase gives in the guild's next case number and inserts it.
//
// The number is not taken from a counter document: FerretDB v1 has no
// transactions, so a counter bumped with $inc followed by an insert that
// fails would leave a gap. Instead the number is the guild's highest plus
// one, and the insert itself claims it: the unique (guildId, number) index
// refuses a second case with the same number, and the loser retries with the
// next. A failed insert claims nothing, so numbers have no gaps.
func (s *store) insertCase(ctx context.Context, in *Infraction) error {
	for attempt := 0; attempt < maxNumberAttempts; attempt++ {
		last, err := s.lastNumber(ctx, in.GuildID)
		if err != nil {
			return err
		}
		in.Number = last + 1
		in.ID = bson.NewObjectID()
		_, err = s.cases.InsertOne(ctx, in)
		if err == nil {
			return nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("insert case in guild %s: %w", in.GuildID, core.StoreError(err))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("insert case in guild %s: %w", in.GuildID, ctx.Err())
		case <-time.After(time.Duration(rand.IntN(5*(attempt+1))+1) * time.Millisecond):
		}
	}
	return fmt.Errorf("insert case in guild %s after %d attempts: %w", in.GuildID, maxNumberAttempts, ErrNumberTaken)
}

func (s *store) lastNumber(ctx context.Context, guildID string) (int64, error) {
	var last struct {
		Number int64 `bson:"number"`
	}
	err := s.cases.FindOne(ctx, bson.D{{Key: "guildId", Value: guildID}},
		options.FindOne().SetSort(bson.D{{Key: "number", Value: -1}}).SetProjection(bson.D{{Key: "number", Value: 1}})).Decode(&last)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("last case number of guild %s: %w", guildID, core.StoreError(err))
	}
	return last.Number, nil
}

// caseByNumber returns a guild's case, or a NOT_FOUND error.
func (s *store) caseByNumber(ctx context.Context, guildID string, number int64) (*Infraction, error) {
	var in Infraction
	err := s.cases.FindOne(ctx, bson.D{{Key: "guildId", Value: guildID}, {Key: "number", Value: number}}).Decode(&in)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, core.Errorf(core.CodeNotFound, "case #%d does not exist", number)
	}
	if err != nil {
		return nil, fmt.Errorf("case #%d of guild %s: %w", number, guildID, core.StoreError(err))
	}
	return &in, nil
}

// updateCase applies update to the case if it still has status from, and
// returns the updated case; ok is false when the status had changed.
func (s *store) updateCase(ctx context.Context, id bson.ObjectID, from Status, update bson.D) (*Infraction, bool, error) {
	var in Infraction
	err := s.cases.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: from}}, update,
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&in)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("update case %s: %w", id.Hex(), core.StoreError(err))
	}
	return &in, true, nil
}

// findCases runs a case query with options and decodes every result.
func (s *store) findCases(ctx context.Context, filter bson.D, opts ...options.Lister[options.FindOptions]) ([]Infraction, error) {
	cur, err := s.cases.Find(ctx, filter, opts...)
	if err != nil {
		return nil, fmt.Errorf("find cases: %w", core.StoreError(err))
	}
	out := []Infraction{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read cases: %w", core.StoreError(err))
	}
	return out, nil
}
