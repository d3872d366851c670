package tickets

import (
	"context"
	"fmt"

	"github.com/warden-bot/warden/core"
)

// demoPanel is the panel the demo posts in #tickets: a quick category
// whose one question /ticket open's subject answers (so demo members can
// open tickets with the command), and one asking more in a modal.
func demoPanel(world core.DemoWorld) PanelInput {
	staff := []string{}
	if r := world.Roles["Moderator"]; r != "" {
		staff = append(staff, r)
	}
	return PanelInput{Name: "Support", ChannelID: world.Channels["tickets"], Title: "Need help?",
		Description: "Open a ticket and the staff will answer you privately. One open ticket per kind, please.",
		Style:       StyleButtons, Categories: []Category{
			{Key: "help", Label: "General help", Emoji: "💬", Mode: ModeChannel, ParentID: world.Channels["Support"],
				StaffRoles: staff, NameTemplate: "help-{number}", Questions: []Question{{Label: "What do you need help with?", Paragraph: true, Required: true, MaxLength: 1000}}},
			{Key: "report", Label: "Report a member", Emoji: "🚩", Mode: ModeThread, StaffRoles: staff, NameTemplate: "report-{number}",
				Questions: []Question{{Label: "Who are you reporting?", Required: true, MaxLength: 100}, {Label: "What happened?", Paragraph: true, Required: true}}},
		}}
}

// SeedDemo implements core.DemoSeeder: the ticket settings and the
// support panel in #tickets. The config is saved only while it has never
// been saved (version 0), which marks the guild as seeded, so a restart
// posts no second panel and a user's changes stay.
func (p *Plugin) SeedDemo(ctx context.Context, guildID string, world core.DemoWorld) error {
	cfg, err := p.svc.Config(ctx, guildID)
	if err != nil {
		return fmt.Errorf("tickets: seed demo guild %s: %w", guildID, err)
	}
	if cfg.Version != 0 || world.Channels["tickets"] == "" {
		return nil
	}
	existing, err := p.svc.ListPanels(ctx, guildID, PanelsQuery(guildID).Limit(1))
	if err != nil {
		return fmt.Errorf("tickets: seed demo guild %s: %w", guildID, err)
	}
	if len(existing.Items) == 0 {
		if _, err := p.svc.CreatePanel(ctx, guildID, demoPanel(world), world.AdminID); err != nil {
			return fmt.Errorf("tickets: seed demo guild %s: %w", guildID, err)
		}
	}
	cfg.TranscriptChannelID = world.Channels["mod-log"]
	cfg.InactivitySeconds, cfg.WarningSeconds = 48*3600, 6*3600
	if _, err := p.svc.SaveConfig(ctx, guildID, cfg, world.AdminID); err != nil {
		return fmt.Errorf("tickets: seed demo guild %s: %w", guildID, err)
	}
	return nil
}

// demoSubjects are what demo members need help with.
var demoSubjects = []string{
	"I can't see the #announcements channel", "How do I get the Member role?", "My nickname was changed, why?",
	"Question about the rules on links", "The music bot stopped working", "I'd like to appeal a warning",
}

// DemoCommands implements core.Demoer: demo members now and then open a
// ticket with /ticket open (one at a time per member; further tries are
// refused, as they would be).
func (p *Plugin) DemoCommands() []core.DemoCommand {
	return []core.DemoCommand{{Name: "ticket open", Weight: 1, Texts: demoSubjects}}
}

var (
	_ core.DemoSeeder    = (*Plugin)(nil)
	_ core.Demoer        = (*Plugin)(nil)
	_ core.DemoHistorian = (*Plugin)(nil)
)
