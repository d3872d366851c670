package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestActivityFiguresFromRollups records activity around the month and
// hour boundaries of a fixed "now" and checks every figure.
func TestActivityFiguresFromRollups(t *testing.T) {
	c := testenv.Core(t, testenv.Config(t), core.Options{})
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 12, 30, 0, 0, time.UTC) // previous window: 1 Feb 00:00 to 10 Feb 12:00
	const userA, userB, userC = "100000000000000001", "100000000000000002", "100000000000000003"
	records := []struct {
		at    time.Time
		kind  string
		user  string
		guild string
	}{
		{time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC), "command", userC, ""},      // before the previous window
		{time.Date(2026, 2, 1, 5, 0, 0, 0, time.UTC), "command", userA, guildA},     // previous window
		{time.Date(2026, 2, 10, 11, 59, 0, 0, time.UTC), "command", userC, ""},      // previous window, last hour in it
		{time.Date(2026, 2, 10, 12, 10, 0, 0, time.UTC), "command", userB, ""},      // after it (hour resolution)
		{time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC), "infraction", userB, ""},     // after it
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "command", userA, ""},         // this month, first instant
		{time.Date(2026, 3, 9, 12, 59, 0, 0, time.UTC), "infraction", "", guildA},   // this month, outside the 24 h chart
		{time.Date(2026, 3, 10, 12, 10, 0, 0, time.UTC), "command", userB, guildA},  // this month, in the current hour
		{time.Date(2026, 3, 10, 12, 20, 0, 0, time.UTC), "infraction", userA, ""},   // this month, same user again
		{time.Date(2026, 3, 10, 0, 5, 0, 0, time.UTC), "command", userA, guildA},    // this month, same user again
		{time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC), "infraction", userC, guildA}, // this month
		{time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC), "note", userC, ""},           // this month
	}
	for _, r := range records {
		if err := c.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: r.kind, Message: r.kind,
			UserID: r.user, GuildID: r.guild, Timestamp: r.at}); err != nil {
			t.Fatal(err)
		}
	}
	bot, err := c.ActivityFigures(ctx, "", now)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want int64
	}{
		{"commands this month", bot.CommandsThisMonth, 3},
		{"commands in the previous window", bot.CommandsPrevWindow, 2},
		{"users this month", bot.UsersThisMonth, 3},
		{"users in the previous window", bot.UsersPrevWindow, 2},
		{"recent events (ring of 10)", int64(len(bot.Recent)), core.RecentActivityLimit},
		{"chart hours", int64(len(bot.Hourly)), 24},
		{"current hour commands", bot.Hourly[23].Commands, 1},
		{"current hour events", bot.Hourly[23].Events, 2},
		{"first chart hour events", bot.Hourly[0].Events, 0},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("bot-wide %s: %d, want %d", ck.name, ck.got, ck.want)
		}
	}
	// Recent events are ordered by when they happened, not when they were
	// recorded.
	if !bot.Recent[0].Timestamp.Equal(time.Date(2026, 3, 10, 12, 20, 0, 0, time.UTC)) || bot.Recent[1].Kind != "command" {
		t.Errorf("recent events are not newest first: %+v", bot.Recent[:2])
	}
	guild, err := c.ActivityFigures(ctx, guildA, now)
	if err != nil {
		t.Fatal(err)
	}
	if guild.CommandsThisMonth != 2 || guild.CommandsPrevWindow != 1 || guild.UsersThisMonth != 3 || len(guild.Recent) != 5 {
		t.Errorf("guild figures: commands %d/%d users %d recent %d", guild.CommandsThisMonth, guild.CommandsPrevWindow, guild.UsersThisMonth, len(guild.Recent))
	}
	if n, err := c.RegisteredUsers(ctx); err != nil || n != 3 {
		t.Errorf("registered users %d, %v; want 3", n, err)
	}
}
