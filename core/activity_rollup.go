package core

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The dashboard's figures are kept in rollup documents written as activity
// is recorded, and read back only by _id. The embedded store (FerretDB v1)
// answers _id lookups without a scan but scans a collection for every other
// filter, whatever its indexes; with rollups no stats request reads more
// than about 120 small documents, however much activity there is.
const (
	rollupHourly = "core_activity_hourly" // scope|hour: commands, events, newUsers
	rollupDaily  = "core_activity_daily"  // scope|day: commands, events, newUsers
	rollupUsers  = "core_activity_users"  // scope|month|user: first activity
	rollupRecent = "core_activity_recent" // scope|seq and scope|slot: the last events
	rollupTotals = "core_activity_totals" // all-time registered users
)

// botScope is the scope of bot-wide rollups; guild rollups use the guild id.
const botScope = "bot"

type rollupCount struct {
	Commands int64 `bson:"commands"`
	Events   int64 `bson:"events"`
	NewUsers int64 `bson:"newUsers"`
}

func (r *rollupCount) add(o rollupCount) {
	r.Commands += o.Commands
	r.Events += o.Events
	r.NewUsers += o.NewUsers
}

func hourID(scope string, t time.Time) string {
	return scope + "|h|" + strconv.FormatInt(t.UTC().Truncate(time.Hour).Unix(), 10)
}

func dayID(scope string, t time.Time) string { return scope + "|d|" + t.UTC().Format("2006-01-02") }

// rollUp adds one recorded activity to the bot-wide rollups and, when it
// happened in a guild, to the guild's.
func (c *Core) rollUp(ctx context.Context, a Activity) error {
	scopes := []string{botScope}
	if a.GuildID != "" {
		scopes = append(scopes, a.GuildID)
	}
	upsert := options.UpdateOne().SetUpsert(true)
	db := c.store.DB
	if a.UserID != "" {
		res, err := db.Collection(rollupTotals).UpdateOne(ctx, bson.D{{Key: "_id", Value: "user|" + a.UserID}},
			bson.D{{Key: "$setOnInsert", Value: bson.D{{Key: "at", Value: a.Timestamp}}}}, upsert)
		if err != nil {
			return err
		}
		if res.UpsertedCount == 1 {
			if _, err := db.Collection(rollupTotals).UpdateOne(ctx, bson.D{{Key: "_id", Value: "users"}},
				bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}}}, upsert); err != nil {
				return err
			}
		}
	}
	for _, scope := range scopes {
		inc := rollupCount{Events: 1}
		if a.Kind == "command" {
			inc.Commands = 1
		}
		if a.UserID != "" {
			id := scope + "|" + a.Timestamp.Format("2006-01") + "|" + a.UserID
			res, err := db.Collection(rollupUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
				bson.D{{Key: "$setOnInsert", Value: bson.D{{Key: "scope", Value: scope}, {Key: "first", Value: a.Timestamp}}}}, upsert)
			if err != nil {
				return err
			}
			inc.NewUsers = res.UpsertedCount
		}
		incDoc := bson.D{{Key: "$inc", Value: bson.D{{Key: "commands", Value: inc.Commands}, {Key: "events", Value: inc.Events}, {Key: "newUsers", Value: inc.NewUsers}}},
			{Key: "$setOnInsert", Value: bson.D{{Key: "scope", Value: scope}, {Key: "at", Value: a.Timestamp.Truncate(time.Hour)}}}}
		for coll, id := range map[string]string{rollupHourly: hourID(scope, a.Timestamp), rollupDaily: dayID(scope, a.Timestamp)} {
			if _, err := db.Collection(coll).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, incDoc, upsert); err != nil {
				return err
			}
		}
		if err := c.pushRecent(ctx, scope, a); err != nil {
			return err
		}
	}
	return nil
}

// pushRecent writes a into the scope's ring of RecentActivityLimit slots.
func (c *Core) pushRecent(ctx context.Context, scope string, a Activity) error {
	coll := c.store.DB.Collection(rollupRecent)
	var ctr struct {
		N int64 `bson:"n"`
	}
	err := coll.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: scope + "|seq"}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&ctr)
	if err != nil {
		return err
	}
	slot := scope + "|" + strconv.FormatInt((ctr.N-1)%RecentActivityLimit, 10)
	_, err = coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: slot}},
		bson.D{{Key: "seq", Value: ctr.N}, {Key: "activity", Value: a}}, options.Replace().SetUpsert(true))
	return err
}

// readRollups sums the documents with the given ids; missing ones count 0.
func (c *Core) readRollups(ctx context.Context, coll string, ids []string) ([]rollupCount, error) {
	out := make([]rollupCount, len(ids))
	for i, id := range ids {
		err := c.store.DB.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&out[i])
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return nil, err
		}
	}
	return out, nil
}

// sumSpan adds up activity in [from, to) at hour resolution: whole days
// from the daily rollups, the rest from the hourly ones.
func (c *Core) sumSpan(ctx context.Context, scope string, from, to time.Time) (rollupCount, error) {
	var days, hours []string
	t := from.UTC().Truncate(time.Hour)
	for t.Before(to) {
		dayStart := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if t.Equal(dayStart) && !dayStart.AddDate(0, 0, 1).After(to) {
			days = append(days, dayID(scope, t))
			t = dayStart.AddDate(0, 0, 1)
			continue
		}
		hours = append(hours, hourID(scope, t))
		t = t.Add(time.Hour)
	}
	var sum rollupCount
	for coll, ids := range map[string][]string{rollupDaily: days, rollupHourly: hours} {
		counts, err := c.readRollups(ctx, coll, ids)
		if err != nil {
			return sum, err
		}
		for _, n := range counts {
			sum.add(n)
		}
	}
	return sum, nil
}

// recentFromRollup returns the scope's last events, newest first.
func (c *Core) recentFromRollup(ctx context.Context, scope string) ([]Activity, error) {
	type slot struct {
		Seq      int64    `bson:"seq"`
		Activity Activity `bson:"activity"`
	}
	var slots []slot
	for i := 0; i < RecentActivityLimit; i++ {
		var s slot
		err := c.store.DB.Collection(rollupRecent).FindOne(ctx, bson.D{{Key: "_id", Value: scope + "|" + strconv.Itoa(i)}}).Decode(&s)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, err
		}
		slots = append(slots, s)
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].Seq > slots[j].Seq })
	out := make([]Activity, 0, len(slots))
	for _, s := range slots {
		out = append(out, s.Activity)
	}
	return out, nil
}

// RegisteredUsers counts the distinct users with any recorded activity.
func (c *Core) RegisteredUsers(ctx context.Context) (int64, error) {
	var doc struct {
		N int64 `bson:"n"`
	}
	err := c.store.DB.Collection(rollupTotals).FindOne(ctx, bson.D{{Key: "_id", Value: "users"}}).Decode(&doc)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return 0, fmt.Errorf("registered users: %w", StoreError(err))
	}
	return doc.N, nil
}
