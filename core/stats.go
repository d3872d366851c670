package core

import (
	"context"
	"fmt"
	"time"
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

// ActivityFigures computes the figures for one guild or, with guildID
// empty, bot-wide. It reads rollup documents by id (see activity_rollup.go)
// and the last events off an index, so its cost does not grow with the
// activity stored.
// Month windows are counted at hour resolution: the previous window ends at
// the start of the hour that holds its end.
func (c *Core) ActivityFigures(ctx context.Context, guildID string, now time.Time) (ActivityFigures, error) {
	scope := botScope
	if guildID != "" {
		scope = guildID
	}
	now = now.UTC()
	curStart, prevStart, prevEnd := MonthWindows(now)
	var f ActivityFigures
	cur, err := c.sumSpan(ctx, scope, curStart, now.Add(time.Millisecond))
	if err != nil {
		return f, fmt.Errorf("activity figures: %w", err)
	}
	prev, err := c.sumSpan(ctx, scope, prevStart, prevEnd.Truncate(time.Hour))
	if err != nil {
		return f, fmt.Errorf("activity figures: %w", err)
	}
	f.CommandsThisMonth, f.CommandsPrevWindow = cur.Commands, prev.Commands
	f.UsersThisMonth, f.UsersPrevWindow = cur.NewUsers, prev.NewUsers
	if f.Recent, err = c.RecentActivity(ctx, guildID, RecentActivityLimit); err != nil {
		return f, fmt.Errorf("activity figures: recent: %w", err)
	}
	hours := HourBuckets(now)
	ids := make([]string, len(hours))
	for i, h := range hours {
		ids[i] = hourID(scope, h)
	}
	counts, err := readRollups(ctx, c.coll.hourly, ids)
	if err != nil {
		return f, fmt.Errorf("activity figures: hourly: %w", err)
	}
	f.Hourly = make([]HourPoint, len(hours))
	for i, h := range hours {
		f.Hourly[i] = HourPoint{Hour: h, Commands: counts[i].Commands, Events: counts[i].Events}
	}
	return f, nil
}
