package app

import (
	"context"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
	"github.com/warden-bot/warden/plugins/moderation"
)

// startDemo starts a core with the demo component for cfg; the returned
// stop function stops it once (the test's cleanup calls it too).
func startDemo(t *testing.T, cfg *core.Config) (*core.Core, *demo, func()) {
	t.Helper()
	c := core.New(cfg, core.Options{Logger: testenv.Logger(t)})
	d := newDemo(c)
	c.AddComponent(d)
	stop := testenv.Start(t, c)
	return c, d, stop
}

// TestDemoFillsTheDashboard checks that the demo produces what the
// dashboard shows within seconds: recorded commands, infractions from
// automod or a command, a gateway latency; and that seeding on the same
// data a second time duplicates no automod rule.
func TestDemoFillsTheDashboard(t *testing.T) {
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Demo = core.DemoConfig{Enabled: true, Guilds: 2, ActivityPerMinute: 600}
	})
	c, d, stop := startDemo(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	count := func(kind string) func() bool {
		return func() bool {
			recent, err := c.RecentActivity(ctx, "", 200)
			for _, a := range recent {
				if a.Kind == kind {
					return err == nil
				}
			}
			return false
		}
	}
	checks := []struct {
		name string
		ok   func() bool
	}{
		{"a command run is recorded", count("command")},
		{"an infraction is recorded", count("infraction")},
		{"the gateway latency is measured", func() bool {
			st, err := d.Discord().Stats(ctx)
			return err == nil && st.LatencyMs > 0
		}},
		{"the API's latency source reports it", func() bool {
			// The dashboard API reads the ping through the directory.
			l, ok := c.Directory().(core.LatencyReporter)
			return ok && l.Latency() > 0
		}},
	}
	for _, ck := range checks {
		t.Run(ck.name, func(t *testing.T) {
			for !ck.ok() {
				if ctx.Err() != nil {
					t.Fatal("not seen in 30 s")
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
	want := rulesByGuild(t, c, d.Sim())
	for gid, n := range want {
		if n == 0 {
			t.Errorf("guild %s has no automod rule after seeding", gid)
		}
	}
	stop()

	// A restart on the same DATA_DIR seeds again before acting: once the
	// members act, seeding is over, and it must have added nothing.
	c2, d2, _ := startDemo(t, cfg)
	for messages(d2.Sim()) == 0 {
		if ctx.Err() != nil {
			t.Fatal("no activity after the restart")
		}
		time.Sleep(50 * time.Millisecond)
	}
	got := rulesByGuild(t, c2, d2.Sim())
	for gid, n := range want {
		if got[gid] != n {
			t.Errorf("guild %s: %d rules after a restart, want %d", gid, got[gid], n)
		}
	}
}

// rulesByGuild counts each demo guild's automod rules.
func rulesByGuild(t *testing.T, c *core.Core, sim *discordsim.Server) map[string]int {
	t.Helper()
	p, ok := c.Plugin(moderation.ID)
	if !ok {
		t.Fatal("the moderation plugin is not running")
	}
	out := map[string]int{}
	for _, gid := range sim.Guilds() {
		rules, err := p.(*moderation.Plugin).Service().Rules(context.Background(), gid.String())
		if err != nil {
			t.Fatal(err)
		}
		out[gid.String()] = len(rules)
	}
	return out
}
