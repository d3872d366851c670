package discordbot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// subsPlugin declares a command with subcommands and a group, and answers
// with what its handler saw.
type subsPlugin struct{}

func (subsPlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "subs", Name: "Subs"} }

func (subsPlugin) Commands() []core.Command {
	number := core.CommandOption{Type: core.OptionInteger, Name: "number", Description: "A number.", Required: true}
	return []core.Command{{
		Name: "item", Description: "Items.", Options: []core.CommandOption{
			{Type: core.OptionSubcommand, Name: "show", Description: "Show.", Options: []core.CommandOption{number}},
			{Type: core.OptionSubcommandGroup, Name: "tag", Description: "Tags.", Options: []core.CommandOption{
				{Type: core.OptionSubcommand, Name: "add", Description: "Add.", Options: []core.CommandOption{
					number, {Type: core.OptionString, Name: "label", Description: "A label.", Required: true}}},
			}},
		},
		Handle: func(ctx context.Context, inv *core.Interaction) error {
			return inv.Reply(ctx, fmt.Sprintf("%s|%s|%s|%d|%s", inv.Command, inv.SubcommandGroup, inv.Subcommand, inv.Int("number"), inv.String("label")), true)
		},
	}}
}

var _ core.CommandProvider = subsPlugin{}

// TestDiscordSubcommands runs subcommands through the simulated Discord and
// real disgo, and checks that the handler sees the subcommand, its group
// and its options by name.
func TestDiscordSubcommands(t *testing.T) {
	sim := testenv.StartSim(t)
	startBot(t, sim, "subs", subsPlugin{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitFor(t, "the command registered", func() bool { return len(sim.Commands()[""]) == 1 })

	g, _ := sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	tests := []struct {
		name, sub string
		opts      map[string]any
		want      string
	}{
		{"subcommand", "show", map[string]any{"number": 7}, "item||show|7|"},
		{"subcommand in a group", "tag add", map[string]any{"number": 2, "label": "red"}, "item|tag|add|2|red"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it, err := sim.InvokeSubcommand(g.ID, general.ID, discordsim.UserID(5), "item", tc.sub, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := it.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Content() != tc.want {
				t.Fatalf("handler saw %q, want %q", resp.Content(), tc.want)
			}
		})
	}
	if _, err := sim.InvokeCommand(g.ID, general.ID, discordsim.UserID(5), "item", nil); err == nil || !strings.Contains(err.Error(), "subcommands") {
		t.Fatalf("running a command with subcommands without one: %v", err)
	}
}
