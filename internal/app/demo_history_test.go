package app

import (
	"context"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
	_ "github.com/warden-bot/warden/plugins/moderation"
)

// TestDemoBackfillsAWeekOnce: the demo's first start writes a week of
// command runs and cases, counted in the rollups; a restart on the same
// DATA_DIR writes nothing more.
func TestDemoBackfillsAWeekOnce(t *testing.T) {
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Demo = core.DemoConfig{Enabled: true, Guilds: 1, ActivityPerMinute: 0}
	})
	guild := discordsim.GuildID(1).String()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	count := func() (all, commands, cases int, fig core.ActivityFigures) {
		c := core.New(cfg, core.Options{Logger: testenv.Logger(t)})
		c.AddComponent(newDemo(c))
		stop := testenv.Start(t, c)
		defer stop()
		acts, err := c.RecentActivity(ctx, guild, 5000)
		if err != nil {
			t.Fatal(err)
		}
		oldest := time.Now()
		for _, a := range acts {
			switch a.Kind {
			case "command":
				commands++
			case "infraction":
				cases++
			}
			if a.Timestamp.Before(oldest) {
				oldest = a.Timestamp
			}
		}
		if age := time.Since(oldest); age < 6*24*time.Hour || age > 8*24*time.Hour {
			t.Errorf("the oldest activity is %s old, want about a week", age)
		}
		if fig, err = c.ActivityFigures(ctx, guild, time.Now()); err != nil {
			t.Fatal(err)
		}
		return len(acts), commands, cases, fig
	}
	all, commands, cases, fig := count()
	if commands < 150 || cases < 10 {
		t.Fatalf("backfilled %d command runs and %d cases, want a busy week", commands, cases)
	}
	charted := 0
	for _, h := range fig.Hourly {
		charted += int(h.Commands)
	}
	if charted == 0 {
		t.Error("the 24-hour rollups count no command of the past")
	}
	if again, _, _, _ := count(); again != all {
		t.Errorf("a restart changed the activity from %d to %d records", all, again)
	}
}
