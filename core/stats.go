package core

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// LatencyReporter is the Discord side of the ping figures: the gateway's
// heartbeat latency. The Discord component implements it.
type LatencyReporter interface {
	Latency() time.Duration
}

// ActivityFigures are the stored-activity figures of the dashboard's stats,
// bot-wide or for one guild.
type ActivityFigures struct {
	// CommandsThisMonth counts slash command runs this calendar month (UTC)
	// so far; CommandsPrevWindow the same stretch of last month.
	CommandsThisMonth  int64
	CommandsPrevWindow int64
	// UsersThisMonth counts distinct users with recorded activity this
	// month so far; UsersPrevWindow the same stretch of last month.
	UsersThisMonth  int64
	UsersPrevWindow int64
	// Recent holds the newest recorded events, newest first.
	Recent []Activity
	// Hourly holds the last 24 hours, oldest first.
	Hourly []HourPoint
}

// HourPoint is one hour of recorded activity.
type HourPoint struct {
	// Hour is the start of the hour (UTC).
	Hour time.Time `json:"hour"`
	// Commands counts slash command runs; Events counts every record.
	Commands int64 `json:"commands"`
	Events   int64 `json:"events"`
}

// RecentActivityLimit is how many recent events the stats carry.
const RecentActivityLimit = 10

// ActivityFigures computes the figures from the activity collection, for
// one guild or, with guildID empty, bot-wide. Every query is bounded by the
// at, kind+at or guildId+at indexes.
func (c *Core) ActivityFigures(ctx context.Context, guildID string, now time.Time) (ActivityFigures, error) {
	coll := c.store.DB.Collection(ActivityCollection)
	curStart, prevStart, prevEnd := MonthWindows(now)
	scope := func(extra ...bson.E) bson.D {
		d := bson.D{}
		if guildID != "" {
			d = append(d, bson.E{Key: "guildId", Value: guildID})
		}
		return append(d, extra...)
	}
	span := func(from, to time.Time) bson.E {
		return bson.E{Key: "at", Value: bson.D{{Key: "$gte", Value: from}, {Key: "$lt", Value: to}}}
	}
	var f ActivityFigures
	var err error
	count := func(dst *int64, from, to time.Time) error {
		*dst, err = coll.CountDocuments(ctx, scope(bson.E{Key: "kind", Value: "command"}, span(from, to)))
		return err
	}
	users := func(dst *int64, from, to time.Time) error {
		cur, err := coll.Aggregate(ctx, mongo.Pipeline{
			{{Key: "$match", Value: scope(span(from, to), bson.E{Key: "userId", Value: bson.D{{Key: "$exists", Value: true}}})}},
			{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$userId"}}}},
			{{Key: "$count", Value: "n"}},
		})
		if err != nil {
			return err
		}
		var out []struct {
			N int64 `bson:"n"`
		}
		if err := cur.All(ctx, &out); err != nil {
			return err
		}
		*dst = 0
		if len(out) == 1 {
			*dst = out[0].N
		}
		return nil
	}
	end := now.UTC().Add(time.Millisecond)
	steps := []func() error{
		func() error { return count(&f.CommandsThisMonth, curStart, end) },
		func() error { return count(&f.CommandsPrevWindow, prevStart, prevEnd) },
		func() error { return users(&f.UsersThisMonth, curStart, end) },
		func() error { return users(&f.UsersPrevWindow, prevStart, prevEnd) },
		func() error { return c.recentActivity(ctx, scope(), &f.Recent) },
		func() error { return c.hourlyActivity(ctx, scope, now, &f.Hourly) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return ActivityFigures{}, fmt.Errorf("activity figures: %w", StoreError(err))
		}
	}
	return f, nil
}

func (c *Core) recentActivity(ctx context.Context, filter bson.D, dst *[]Activity) error {
	cur, err := c.store.DB.Collection(ActivityCollection).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "at", Value: -1}}).SetLimit(RecentActivityLimit))
	if err != nil {
		return err
	}
	*dst = []Activity{}
	return cur.All(ctx, dst)
}

func (c *Core) hourlyActivity(ctx context.Context, scope func(...bson.E) bson.D, now time.Time, dst *[]HourPoint) error {
	hours := HourBuckets(now)
	points := make([]HourPoint, len(hours))
	coll := c.store.DB.Collection(ActivityCollection)
	for i, h := range hours {
		points[i].Hour = h
		span := bson.E{Key: "at", Value: bson.D{{Key: "$gte", Value: h}, {Key: "$lt", Value: h.Add(time.Hour)}}}
		var err error
		if points[i].Events, err = coll.CountDocuments(ctx, scope(span)); err != nil {
			return err
		}
		if points[i].Commands, err = coll.CountDocuments(ctx, scope(bson.E{Key: "kind", Value: "command"}, span)); err != nil {
			return err
		}
	}
	*dst = points
	return nil
}
