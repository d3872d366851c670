package modmail

import (
	"context"
	"fmt"

	"github.com/warden-bot/warden/core"
)

// SeedDemo implements core.DemoSeeder: modmail is turned on, without the
// confirmation, in the demo's first guild (the lowest id), with the Staff
// category, the Moderator role as staff, two snippets and a day's
// inactivity close. Only one guild, so that the demo members' DMs (which
// the demo's activity sends now and then) open conversations at once
// instead of asking which server. The config is saved only while it has
// never been saved (version 0), so a restart changes nothing.
func (p *Plugin) SeedDemo(ctx context.Context, guildID string, world core.DemoWorld) error {
	cfg, err := p.svc.Config(ctx, guildID)
	if err != nil {
		return fmt.Errorf("modmail: seed demo guild %s: %w", guildID, err)
	}
	if cfg.Version != 0 || !p.firstGuild(ctx, guildID) {
		return nil
	}
	cfg.Enabled, cfg.Confirm = true, false
	cfg.CategoryID = world.Channels["Staff"]
	if role := world.Roles["Moderator"]; role != "" {
		cfg.StaffRoles = []string{role}
	}
	cfg.AutoCloseSeconds, cfg.WarnBeforeSeconds = 24*3600, 3600
	cfg.Snippets = []Snippet{
		{Name: "thanks", Text: "Thanks {user}! {staff} from {guild} will look into it."},
		{Name: "appeal", Text: "Hi {user}, appeals are reviewed within 48 hours. Tell us what happened in your own words."},
	}
	if _, err := p.svc.SaveConfig(ctx, guildID, cfg, world.AdminID); err != nil {
		return fmt.Errorf("modmail: seed demo guild %s: %w", guildID, err)
	}
	return nil
}

// firstGuild reports whether guildID is the bot's guild with the lowest
// id (snowflakes of one length compare as strings).
func (p *Plugin) firstGuild(ctx context.Context, guildID string) bool {
	guilds, err := p.pc.Guilds(ctx)
	if err != nil {
		return false
	}
	for _, g := range guilds {
		if len(g.ID) < len(guildID) || (len(g.ID) == len(guildID) && g.ID < guildID) {
			return false
		}
	}
	return true
}

var _ core.DemoSeeder = (*Plugin)(nil)
