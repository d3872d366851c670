package moderation

import (
	"testing"

	"github.com/warden-bot/warden/core"
)

func TestSeedDemoOnceAndRespectsLaterEdits(t *testing.T) {
	c, svc := startCore(t, "", "")
	p, _ := c.Plugin(ID)
	seeder := p.(core.DemoSeeder)
	rec := observe(t, c, guildA)
	world := core.DemoWorld{AdminID: modA, ModeratorID: modB,
		Channels: map[string]string{"mod-log": "400000000000000009", "general": "400000000000000004"},
		Roles:    map[string]string{"Moderator": "500000000000000002"}}

	steps := []struct {
		name string
		// before runs ahead of SeedDemo.
		before      func(t *testing.T)
		wantRules   int
		wantAutomod bool
		wantVersion int64
	}{
		{"first seed applies the presets and turns automod on", nil, 4, true, 1},
		{"a second seed changes nothing", nil, 4, true, 1},
		{"a seed after a staff edit keeps the edit", func(t *testing.T) {
			cfg, err := svc.Config(ctx(t), guildA)
			if err != nil {
				t.Fatal(err)
			}
			cfg.AutomodEnabled = false
			if _, err := svc.SaveConfig(ctx(t), guildA, cfg, modB); err != nil {
				t.Fatal(err)
			}
		}, 4, false, 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.before != nil {
				st.before(t)
			}
			if err := seeder.SeedDemo(ctx(t), guildA, world); err != nil {
				t.Fatal(err)
			}
			rules, err := svc.Rules(ctx(t), guildA)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := svc.Config(ctx(t), guildA)
			if err != nil {
				t.Fatal(err)
			}
			if len(rules) != st.wantRules || cfg.AutomodEnabled != st.wantAutomod || cfg.Version != st.wantVersion {
				t.Fatalf("rules %d, automod %v, version %d", len(rules), cfg.AutomodEnabled, cfg.Version)
			}
			if cfg.ModLogChannelID != world.Channels["mod-log"] || len(cfg.ModeratorRoles) != 1 {
				t.Fatalf("mod-log %q, moderator roles %v", cfg.ModLogChannelID, cfg.ModeratorRoles)
			}
		})
	}
	// The seed's writes were broadcast like any other.
	rec.waitFor(t, EventRuleCreated, 4)
	if n := len(rec.named(EventRuleCreated)); n != 4 {
		t.Fatalf("%d rule_created events, want 4", n)
	}
	rec.waitFor(t, EventConfigUpdated, 2)
}
