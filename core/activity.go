package core

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// ActivityCollection holds recorded activity: command runs, moderation
// actions, economy transactions. The dashboard's command totals, recent
// events and 24 h activity are computed from it.
const ActivityCollection = "core_activity"

// Activity types, as DashboardStats.recentEvents shows them.
const (
	ActivitySuccess = "success"
	ActivityError   = "error"
	ActivityInfo    = "info"
)

// Activity is one recorded event.
type Activity struct {
	// Type is success, error or info.
	Type string `json:"type" bson:"type"`
	// Kind groups activity: "command" for slash command runs, otherwise the
	// plugin's own word ("infraction", "transfer").
	Kind string `json:"kind" bson:"kind"`
	// Message is a one-line description shown on the dashboard.
	Message string `json:"message" bson:"message"`
	// GuildID is where it happened, if in a guild.
	GuildID string `json:"guildId,omitempty" bson:"guildId,omitempty"`
	// UserID is who did it. It is stored for per-user figures but never
	// sent in bot-wide events.
	UserID string `json:"-" bson:"userId,omitempty"`
	// Plugin and Command name the source.
	Plugin  string `json:"plugin,omitempty" bson:"plugin,omitempty"`
	Command string `json:"command,omitempty" bson:"command,omitempty"`
	// Timestamp is when it happened.
	Timestamp time.Time `json:"timestamp" bson:"at"`
}

// activityIndexes keep the stats queries on indexes. FerretDB v1 fails on
// a createIndexes naming several indexes that already exist, so they are
// created one at a time.
var activityIndexes = []mongo.IndexModel{
	{Keys: bson.D{{Key: "at", Value: -1}}},
	{Keys: bson.D{{Key: "kind", Value: 1}, {Key: "at", Value: -1}}},
	{Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "at", Value: -1}}},
	// Distinct registered users (DashboardStats.users) group on userId.
	{Keys: bson.D{{Key: "userId", Value: 1}, {Key: "at", Value: -1}}},
}

// createCoreIndexes creates the indexes one at a time: the embedded store
// (FerretDB v1) panics on a createIndexes command naming two or more indexes
// that already exist, which is every start after the first.
func (c *Core) createCoreIndexes(ctx context.Context) error {
	for _, m := range activityIndexes {
		if _, err := c.store.DB.Collection(ActivityCollection).Indexes().CreateOne(ctx, m, options.CreateIndexes()); err != nil {
			return fmt.Errorf("create activity indexes: %w", err)
		}
	}
	return nil
}

// RecordActivity stores a and then broadcasts dashboard:event_recorded to
// room global.
func (c *Core) RecordActivity(ctx context.Context, a Activity) error {
	switch a.Type {
	case ActivitySuccess, ActivityError, ActivityInfo:
	default:
		return fmt.Errorf("activity type %q: want success, error or info", a.Type)
	}
	if a.Timestamp.IsZero() {
		a.Timestamp = time.Now()
	}
	a.Timestamp = a.Timestamp.UTC().Truncate(time.Millisecond)
	if _, err := c.store.DB.Collection(ActivityCollection).InsertOne(ctx, a); err != nil {
		return fmt.Errorf("record activity: %w", StoreError(err))
	}
	if err := c.rollUp(ctx, a); err != nil {
		return fmt.Errorf("record activity: roll up: %w", StoreError(err))
	}
	_ = c.bus.Broadcast(GlobalRoom, EventEventRecorded, a)
	return nil
}
