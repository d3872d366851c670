package core

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// The dashboard's figures are kept in rollup documents written as activity
// is recorded, and read back by id: a month's totals are about 40 reads
// however much activity there is, where counting the activity itself would
// read every record of the month (docs/benchmarks.md compares the two).
const (
	rollupHourly = "core_activity_hourly" // scope|h|hour: commands, events, newUsers
	rollupDaily  = "core_activity_daily"  // scope|d|day: commands, events, newUsers
	rollupUsers  = "core_activity_users"  // scope|month|user: first activity
	rollupTotals = "core_activity_totals" // user|id: first activity; "users": the count
)

// botScope is the scope of bot-wide rollups; guild rollups use the guild id.
const botScope = "bot"

// rollupCount is an hourly or daily rollup.
type rollupCount struct {
	store.Meta
	Scope    string    `json:"scope"`
	At       time.Time `json:"at"`
	Commands int64     `json:"commands"`
	Events   int64     `json:"events"`
	NewUsers int64     `json:"newUsers"`
}

func (r *rollupCount) add(o rollupCount) {
	r.Commands += o.Commands
	r.Events += o.Events
	r.NewUsers += o.NewUsers
}

// firstSeen records a user's first activity in a scope and month, or ever.
type firstSeen struct {
	store.Meta
	Scope string    `json:"scope,omitempty"`
	First time.Time `json:"first"`
	// N is the number of users, in the "users" total.
	N int64 `json:"n,omitempty"`
}

// coreCollections are the core's own collections.
type coreCollections struct {
	configs  *store.Collection[configRecord[struct{}]]
	activity *store.Collection[activityRecord]
	hourly   *store.Collection[rollupCount]
	daily    *store.Collection[rollupCount]
	users    *store.Collection[firstSeen]
	totals   *store.Collection[firstSeen]
	audit    *store.Collection[auditRecord]
	grants   *store.Collection[grantRecord]
	leases   *store.Collection[leaseRecord]
}

func (c *Core) declareCollections(ctx context.Context) (err error) {
	cc := &c.coll
	if cc.configs, err = declareCore[configRecord[struct{}]](ctx, c.store, guildConfigCollection, guildConfigIndexes...); err != nil {
		return err
	}
	if cc.activity, err = declareCore[activityRecord](ctx, c.store, ActivityCollection, activityIndexes...); err != nil {
		return err
	}
	if cc.hourly, err = declareCore[rollupCount](ctx, c.store, rollupHourly); err != nil {
		return err
	}
	if cc.daily, err = declareCore[rollupCount](ctx, c.store, rollupDaily); err != nil {
		return err
	}
	if cc.users, err = declareCore[firstSeen](ctx, c.store, rollupUsers); err != nil {
		return err
	}
	if cc.totals, err = declareCore[firstSeen](ctx, c.store, rollupTotals); err != nil {
		return err
	}
	if cc.audit, err = declareCore[auditRecord](ctx, c.store, auditCollection, auditIndexes...); err != nil {
		return err
	}
	if cc.grants, err = declareCore[grantRecord](ctx, c.store, grantsCollection, grantIndexes...); err != nil {
		return err
	}
	if cc.leases, err = declareCore[leaseRecord](ctx, c.store, leaseCollection); err != nil {
		return err
	}
	return nil
}

func hourID(scope string, t time.Time) string {
	return scope + "|h|" + strconv.FormatInt(t.UTC().Truncate(time.Hour).Unix(), 10)
}

func dayID(scope string, t time.Time) string { return scope + "|d|" + t.UTC().Format("2006-01-02") }

// firstTime inserts a first-seen record and reports whether it was new.
func firstTime(ctx context.Context, coll *store.Collection[firstSeen], rec *firstSeen) (bool, error) {
	err := coll.Insert(ctx, rec)
	if store.IsDuplicate(err, "_id") {
		return false, nil
	}
	return err == nil, err
}

// rollUp adds one recorded activity to the bot-wide rollups and, when it
// happened in a guild, to the guild's.
func (c *Core) rollUp(ctx context.Context, a Activity) error {
	scopes := []string{botScope}
	if a.GuildID != "" {
		scopes = append(scopes, a.GuildID)
	}
	cc := &c.coll
	if a.UserID != "" {
		isNew, err := firstTime(ctx, cc.totals, &firstSeen{Meta: store.Meta{ID: "user|" + a.UserID}, First: a.Timestamp})
		if err != nil {
			return err
		}
		if isNew {
			if _, err := cc.totals.Upsert(ctx, "users", func(d *firstSeen, _ bool) error { d.N++; return nil }); err != nil {
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
			isNew, err := firstTime(ctx, cc.users, &firstSeen{Meta: store.Meta{ID: id}, Scope: scope, First: a.Timestamp})
			if err != nil {
				return err
			}
			if isNew {
				inc.NewUsers = 1
			}
		}
		for _, r := range []struct {
			coll *store.Collection[rollupCount]
			id   string
		}{{cc.hourly, hourID(scope, a.Timestamp)}, {cc.daily, dayID(scope, a.Timestamp)}} {
			_, err := r.coll.Upsert(ctx, r.id, func(d *rollupCount, exists bool) error {
				if !exists {
					d.Scope, d.At = scope, a.Timestamp.Truncate(time.Hour)
				}
				d.add(inc)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// readRollups returns the documents with the given ids; missing ones
// count 0.
func readRollups(ctx context.Context, coll *store.Collection[rollupCount], ids []string) ([]rollupCount, error) {
	out := make([]rollupCount, len(ids))
	for i, id := range ids {
		d, err := coll.Get(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			out[i] = *d
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
	for _, part := range []struct {
		coll *store.Collection[rollupCount]
		ids  []string
	}{{c.coll.daily, days}, {c.coll.hourly, hours}} {
		counts, err := readRollups(ctx, part.coll, part.ids)
		if err != nil {
			return sum, err
		}
		for _, n := range counts {
			sum.add(n)
		}
	}
	return sum, nil
}

// RegisteredUsers counts the distinct users with any recorded activity.
func (c *Core) RegisteredUsers(ctx context.Context) (int64, error) {
	d, err := c.coll.totals.Get(ctx, "users")
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("registered users: %w", err)
	}
	return d.N, nil
}
