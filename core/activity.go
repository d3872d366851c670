package core

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// ActivityCollection holds recorded activity: command runs, moderation
// actions, economy transactions. The dashboard's recent events are read
// from it; its totals and 24 h activity come from rollups written beside
// it (activity_rollup.go).
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
	Type string `json:"type"`
	// Kind groups activity: "command" for slash command runs, otherwise the
	// plugin's own word ("infraction", "transfer").
	Kind string `json:"kind"`
	// Message is a one-line description shown on the dashboard.
	Message string `json:"message"`
	// GuildID is where it happened, if in a guild.
	GuildID string `json:"guildId,omitempty"`
	// UserID is who did it. It is stored for per-user figures but never
	// sent in bot-wide events.
	UserID string `json:"-"`
	// Plugin and Command name the source.
	Plugin  string `json:"plugin,omitempty"`
	Command string `json:"command,omitempty"`
	// Timestamp is when it happened.
	Timestamp time.Time `json:"timestamp"`
}

// activityRecord is a stored Activity; unlike Activity's JSON, it keeps
// the user.
type activityRecord struct {
	store.Meta
	Activity
	User string `json:"userId,omitempty"`
}

func (r *activityRecord) activity() Activity {
	a := r.Activity
	a.UserID = r.User
	return a
}

// activityIndexes serve the recent events, bot-wide and per guild.
var activityIndexes = []store.Index{
	{Name: "at", Fields: []string{"-timestamp"}},
	{Name: "guild_at", Fields: []string{"guildId", "-timestamp"}},
}

// RecordActivity stores a with its rollups, in one transaction where the
// store has them, and then broadcasts dashboard:event_recorded to room
// global.
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
	err := c.store.Group(ctx, func(ctx context.Context) error {
		if err := c.coll.activity.Insert(ctx, &activityRecord{Activity: a, User: a.UserID}); err != nil {
			return err
		}
		return c.rollUp(ctx, a)
	})
	if err != nil {
		return fmt.Errorf("record activity: %w", err)
	}
	_ = c.bus.Broadcast(GlobalRoom, EventEventRecorded, a)
	return nil
}

// RecentActivity returns a guild's last limit events (bot-wide with
// guildID empty), newest first, with the users who did them.
func (c *Core) RecentActivity(ctx context.Context, guildID string, limit int) ([]Activity, error) {
	q := store.OrderBy("-timestamp").Limit(limit)
	if guildID != "" {
		q = store.Where("guildId", guildID).OrderBy("-timestamp").Limit(limit)
	}
	recs, err := c.coll.activity.Find(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]Activity, len(recs))
	for i := range recs {
		out[i] = recs[i].activity()
	}
	return out, nil
}
