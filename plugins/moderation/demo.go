package moderation

import (
	"context"
	"fmt"

	"github.com/warden-bot/warden/core"
)

// demoPresets are the built-in presets the demo applies to each guild, so
// that the generated invite links, mass mentions, shouting and repeated
// messages are acted on.
var demoPresets = []string{"builtin-basic", "builtin-spam"}

// SeedDemo implements core.DemoSeeder: it applies the built-in presets,
// then turns automod on with the mod-log channel and the moderator role.
// The config is saved only while it has never been saved (version 0), which
// marks the guild as seeded: a restart on the same data changes nothing,
// and neither overrides what a user changed since. Presets are applied by
// rule name, so a start interrupted between the two steps never duplicates
// a rule.
func (p *Plugin) SeedDemo(ctx context.Context, guildID string, world core.DemoWorld) error {
	cfg, err := p.svc.Config(ctx, guildID)
	if err != nil {
		return fmt.Errorf("moderation: seed demo guild %s: %w", guildID, err)
	}
	if cfg.Version != 0 {
		return nil
	}
	for _, id := range demoPresets {
		if _, err := p.svc.ApplyPreset(ctx, guildID, id, world.AdminID); err != nil {
			return fmt.Errorf("moderation: seed demo guild %s: %w", guildID, err)
		}
	}
	cfg.AutomodEnabled = true
	cfg.ModLogChannelID = world.Channels["mod-log"]
	if role := world.Roles["Moderator"]; role != "" {
		cfg.ModeratorRoles = []string{role}
	}
	if _, err := p.svc.SaveConfig(ctx, guildID, cfg, world.AdminID); err != nil {
		return fmt.Errorf("moderation: seed demo guild %s: %w", guildID, err)
	}
	return nil
}

// demoReasons are the reasons the demo's staff give.
var demoReasons = []string{
	"spamming in #general", "please keep it civil", "off-topic links after a reminder",
	"demo: a friendly first warning", "posting the same thing again and again",
}

// DemoCommands implements core.Demoer: the demo's moderator mostly warns
// and notes, looks cases up, and now and then times out or kicks. Bans are
// left out: they would shrink the demo world for good.
func (p *Plugin) DemoCommands() []core.DemoCommand {
	staff := func(name string, weight int) core.DemoCommand {
		return core.DemoCommand{Name: name, Weight: weight, Staff: true, Texts: demoReasons}
	}
	return []core.DemoCommand{
		staff("warn", 6), staff("note", 4), staff("cases user", 3), staff("case", 1),
		staff("timeout", 2), staff("kick", 1),
	}
}

var (
	_ core.DemoSeeder = (*Plugin)(nil)
	_ core.Demoer     = (*Plugin)(nil)
)
