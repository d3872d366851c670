package discordbot_test

import (
	"context"
	"strings"
	"sync"

	"github.com/warden-bot/warden/core"
)

// minePlugin answers with components and handles what members do with
// them: clicks, select menu choices, modal submissions, autocomplete and
// context-menu commands. It records what its handlers saw.
type minePlugin struct {
	mu         sync.Mutex
	components []core.InteractionData
	modals     []core.InteractionData
}

func (p *minePlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "mine", Name: "Mine"} }

// confirmRows is the message /confirm answers with.
var confirmRows = []core.ActionRow{
	{core.Button{Style: core.ButtonDanger, Label: "Yes", CustomID: "mine:confirm:42"}, core.Button{Label: "Why?", CustomID: "mine:why:42"},
		core.Button{Label: "Later", CustomID: "mine:later:42"}},
	{core.SelectMenu{CustomID: "mine:colour", Placeholder: "Colour", Options: []core.SelectOption{{Label: "Red", Value: "red"}, {Label: "Blue", Value: "blue"}}}},
	{core.SelectMenu{Type: core.ComponentUserSelect, CustomID: "mine:who", MaxValues: 2}},
}

var tags = []string{"welcome", "rules", "warn-policy"}

func (p *minePlugin) Commands() []core.Command {
	return []core.Command{
		{Name: "confirm", Description: "Asks first.", Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Respond(ctx, core.Response{Content: "Sure?", Components: confirmRows})
		}},
		{Name: "foreign", Description: "Sends another plugin's button.", Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Respond(ctx, core.Response{Content: "Click", Components: []core.ActionRow{{core.Button{Label: "X", CustomID: "other:x"}}}})
		}},
		{Name: "shout", Description: "Repeats text.", Options: []core.CommandOption{
			{Type: core.OptionString, Name: "text", Description: "What to say.", Required: true},
			{Type: core.OptionBoolean, Name: "loud", Description: "Ping for real."},
		}, Handle: func(ctx context.Context, inv *core.Interaction) error {
			r := core.Response{Content: "Announcing: " + inv.String("text")}
			if inv.Bool("loud") {
				r.Mentions = &core.AllowedMentions{Everyone: true, AllUsers: true, AllRoles: true}
			}
			return inv.Respond(ctx, r)
		}},
		{Name: "report-file", Description: "Sends a file.", Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Respond(ctx, core.Response{Content: "Your report", Files: []core.File{{Name: "report.txt", Description: "The report", Data: []byte("3 warnings")}}})
		}},
		{Name: "tag", Description: "Shows a tag.", Options: []core.CommandOption{
			{Type: core.OptionString, Name: "name", Description: "The tag.", Required: true, Autocomplete: true},
		}, Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Reply(ctx, "tag "+inv.String("name"), true)
		}, Autocomplete: func(_ context.Context, inv *core.Interaction) ([]core.Choice, error) {
			var out []core.Choice
			for _, t := range tags {
				if strings.HasPrefix(t, inv.String(inv.Focused)) {
					out = append(out, core.Choice{Name: t, Value: t})
				}
			}
			return out, nil
		}},
		{Type: core.UserCommand, Name: "Warn", Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Reply(ctx, "warned "+inv.TargetID, true)
		}},
		{Type: core.MessageCommand, Name: "Report", Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Reply(ctx, "reported "+inv.TargetID+" by "+inv.TargetAuthorID+": "+inv.TargetContent, true)
		}},
	}
}

func (p *minePlugin) HandleComponent(ctx context.Context, inv *core.Interaction) error {
	p.mu.Lock()
	p.components = append(p.components, inv.InteractionData)
	p.mu.Unlock()
	switch inv.CustomID {
	case "mine:confirm:42":
		return inv.Update(ctx, core.Response{Content: "Confirmed by " + inv.UserID,
			Components: []core.ActionRow{{core.Button{Style: core.ButtonDanger, Label: "Yes", CustomID: "mine:confirm:42", Disabled: true}}}})
	case "mine:later:42":
		// A slow click: acknowledge now, change the message afterwards.
		if err := inv.Defer(ctx, false); err != nil {
			return err
		}
		return inv.Update(ctx, core.Response{Content: "Done later", Components: []core.ActionRow{}})
	case "mine:why:42":
		return inv.OpenModal(ctx, core.Modal{CustomID: "mine:why:42", Title: "Why?", Inputs: []core.TextInput{
			{CustomID: "reason", Label: "Reason", Paragraph: true, Required: true},
			{CustomID: "note", Label: "Note", MaxLength: 20},
		}})
	default:
		return inv.Reply(ctx, "chose "+strings.Join(inv.Values, ","), true)
	}
}

func (p *minePlugin) HandleModal(ctx context.Context, inv *core.Interaction) error {
	p.mu.Lock()
	p.modals = append(p.modals, inv.InteractionData)
	p.mu.Unlock()
	return inv.Reply(ctx, "Noted: "+inv.Field("reason"), true)
}

func (p *minePlugin) seen() (components, modals []core.InteractionData) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]core.InteractionData(nil), p.components...), append([]core.InteractionData(nil), p.modals...)
}

// otherPlugin runs but handles no components.
type otherPlugin struct{}

func (otherPlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "other", Name: "Other"} }

var (
	_ core.ComponentHandler = (*minePlugin)(nil)
	_ core.ModalHandler     = (*minePlugin)(nil)
	_ core.CommandProvider  = (*minePlugin)(nil)
)
