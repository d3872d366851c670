package plugintest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// Reply is the bot's answer to a command: the immediate response, or for
// a deferred one the edit that completed it.
type Reply struct {
	// Content is the message text.
	Content string
	// Ephemeral is true when only the invoking member sees it.
	Ephemeral bool
	// Deferred is true when the bot answered later (type 5, then an edit).
	Deferred bool
	// Raw is the message object (embeds, components, ...), for what the
	// kit does not decode yet.
	Raw json.RawMessage
	// Interaction is the simulator's interaction.
	Interaction *discordsim.Interaction
	// Type is Discord's response type: 4 a message, 5 deferred, 7 an
	// update of the component's message, 9 a modal.
	Type int
}

const flagEphemeral = 1 << 6

// Command runs a slash command as user in the guild's #general and
// returns the bot's reply. A name with spaces runs a subcommand: "case
// show", "config log set".
func (g *Guild) Command(t testing.TB, user discordsim.ID, name string, opts map[string]any) Reply {
	t.Helper()
	return g.CommandIn(t, g.Channel(t, "general"), user, name, opts)
}

// CommandIn is Command in another channel.
func (g *Guild) CommandIn(t testing.TB, channel, user discordsim.ID, name string, opts map[string]any) Reply {
	t.Helper()
	it, err := g.Invoke(channel, user, name, opts)
	if err != nil {
		t.Fatalf("plugintest: /%s: %v", name, err)
	}
	return g.await(t, "/"+name, it)
}

// await waits for the bot's answer to an interaction and decodes it.
func (g *Guild) await(t testing.TB, what string, it *discordsim.Interaction) Reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	resp, err := it.Wait(ctx)
	if err != nil {
		t.Fatalf("plugintest: %s: %v", what, err)
	}
	r := Reply{Raw: resp.Data, Interaction: it}
	if resp.Type == 5 {
		r.Deferred = true
		r.Raw = g.w.deferredEdit(t, it)
	}
	var msg struct {
		Content string `json:"content"`
		Flags   int    `json:"flags"`
	}
	if len(r.Raw) > 0 {
		if err := json.Unmarshal(r.Raw, &msg); err != nil {
			t.Fatalf("plugintest: %s: reply %s: %v", what, r.Raw, err)
		}
	}
	var first struct {
		Flags int `json:"flags"`
	}
	_ = json.Unmarshal(resp.Data, &first)
	r.Content, r.Ephemeral = msg.Content, (msg.Flags|first.Flags)&flagEphemeral != 0
	r.Type = resp.Type
	return r
}

// Invoke starts a command and returns without waiting for the reply (for
// commands run at the same time); Interaction.Wait waits for it. It never
// touches a t.
func (g *Guild) Invoke(channel, user discordsim.ID, name string, opts map[string]any) (*discordsim.Interaction, error) {
	words := strings.Fields(name)
	if len(words) > 1 {
		return g.w.Sim.InvokeSubcommand(g.ID, channel, user, words[0], strings.Join(words[1:], " "), opts)
	}
	return g.w.Sim.InvokeCommand(g.ID, channel, user, name, opts)
}

// deferredEdit waits for the edit that completes a deferred reply and
// returns its body.
func (w *Warden) deferredEdit(t testing.TB, it *discordsim.Interaction) json.RawMessage {
	t.Helper()
	var body json.RawMessage
	Eventually(t, "the deferred reply of /"+it.Name, func() bool {
		for _, c := range w.Sim.CallsTo("PATCH /webhooks/{app}/{token}/messages/@original") {
			if strings.Contains(c.Path, it.Token) {
				body = c.Body
			}
		}
		return body != nil
	})
	return body
}
