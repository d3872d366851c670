package discordbot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// answered waits for the bot's response to an interaction.
func answered(t *testing.T, it *discordsim.Interaction, err error) discordsim.InteractionResponse {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := it.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// sentMessage returns the message a response shows.
func sentMessage(t *testing.T, it *discordsim.Interaction) discordsim.Message {
	t.Helper()
	m, ok := it.ResponseMessage()
	if !ok {
		t.Fatal("the response has no message")
	}
	return m
}

// postAsBot posts a message with raw components as the bot would have
// before (an older version, or another process): the simulator keeps
// whatever Discord accepts.
func postAsBot(t *testing.T, sim *discordsim.Server, channel discordsim.ID, body any) discordsim.Message {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", sim.APIURL()+"/channels/"+channel.String()+"/messages", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+sim.Token())
	req.Header.Set("Content-Type", "application/json")
	rs, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Body.Close()
	var m discordsim.Message
	if err := json.NewDecoder(rs.Body).Decode(&m); err != nil || rs.StatusCode != 200 {
		t.Fatalf("post = %d, %v", rs.StatusCode, err)
	}
	return m
}

func ephemeral(r discordsim.InteractionResponse) bool {
	sm := r.Message()
	return sm.Flags != nil && *sm.Flags&discordsim.FlagEphemeral != 0
}

// TestComponentsEndToEnd runs a plugin's buttons, select menus, modal,
// autocomplete and context-menu commands through the simulated Discord,
// real disgo and the Discord layer.
func TestComponentsEndToEnd(t *testing.T) {
	sim := testenv.StartSim(t)
	core.RegisterPlugin(core.PluginInfo{ID: "other", Name: "other", New: func() core.Plugin { return otherPlugin{} }})
	t.Cleanup(func() { core.UnregisterPlugin("other") })
	p := &minePlugin{}
	startBot(t, sim, "mine", p)
	testenv.Eventually(t, 30*time.Second, "the commands registered", func() bool { return len(sim.Commands()[""]) == 7 })
	g, _ := sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	alex, sam := discordsim.UserID(3), discordsim.UserID(4)

	// /confirm answers with a button row and two select menus.
	confirm, err := sim.InvokeCommand(g.ID, general.ID, alex, "confirm", nil)
	if resp := answered(t, confirm, err); resp.Type != discordsim.ResponseMessage {
		t.Fatalf("/confirm answered with type %d", resp.Type)
	}
	asked := sentMessage(t, confirm)
	if asked.Content != "Sure?" || len(asked.Components) != 3 {
		t.Fatalf("/confirm's message = %q with %d rows", asked.Content, len(asked.Components))
	}

	t.Run("a click updates the message", func(t *testing.T) {
		it, err := sim.ClickButton(general.ID, asked.ID, sam, "mine:confirm:42")
		resp := answered(t, it, err)
		if resp.Type != discordsim.ResponseUpdateMessage {
			t.Fatalf("the click was answered with type %d, want 7 (update)", resp.Type)
		}
		m, _ := sim.Message(asked.ID)
		if m.Content != "Confirmed by "+sam.String() || len(m.Components) != 1 || m.EditedTimestamp == nil {
			t.Fatalf("the message after the click = %q, %v", m.Content, m.Components)
		}
		if _, err := sim.ClickButton(general.ID, asked.ID, sam, "mine:confirm:42"); err == nil || !strings.Contains(err.Error(), "disabled") {
			t.Fatalf("clicking the disabled button: %v", err)
		}
		comps, _ := p.seen()
		c := comps[len(comps)-1]
		if c.CustomID != "mine:confirm:42" || c.ComponentType != core.ComponentButton || c.MessageID != asked.ID.String() || c.UserID != sam.String() || c.Plugin != "mine" {
			t.Fatalf("the handler saw %+v", c)
		}
	})

	// A fresh /confirm: the first one's components were replaced.
	confirm, err = sim.InvokeCommand(g.ID, general.ID, alex, "confirm", nil)
	answered(t, confirm, err)
	asked = sentMessage(t, confirm)

	t.Run("select menu choices reach the plugin", func(t *testing.T) {
		it, err := sim.ChooseStrings(general.ID, asked.ID, sam, "mine:colour", "blue")
		if resp := answered(t, it, err); resp.Message().Content == nil || *resp.Message().Content != "chose blue" || !ephemeral(resp) {
			t.Fatalf("the choice was answered with %s", resp.Data)
		}
		it, err = sim.ChooseUsers(general.ID, asked.ID, sam, "mine:who", alex, sam)
		if resp := answered(t, it, err); *resp.Message().Content != "chose "+alex.String()+","+sam.String() {
			t.Fatalf("the user choice was answered with %s", resp.Data)
		}
		comps, _ := p.seen()
		got := comps[len(comps)-1]
		if got.ComponentType != core.ComponentUserSelect || !slices.Equal(got.Values, []string{alex.String(), sam.String()}) {
			t.Fatalf("the handler saw %+v", got)
		}
	})

	t.Run("a deferred click edits the message afterwards", func(t *testing.T) {
		later, err := sim.InvokeCommand(g.ID, general.ID, alex, "confirm", nil)
		answered(t, later, err)
		msg := sentMessage(t, later)
		it, err := sim.ClickButton(general.ID, msg.ID, sam, "mine:later:42")
		if resp := answered(t, it, err); resp.Type != discordsim.ResponseDeferUpdate {
			t.Fatalf("the click was answered with type %d, want 6 (deferred update)", resp.Type)
		}
		testenv.Eventually(t, 30*time.Second, "the message edited", func() bool {
			m, _ := sim.Message(msg.ID)
			return m.Content == "Done later" && len(m.Components) == 0
		})
	})

	t.Run("a button opens a modal and its submission reaches HandleModal", func(t *testing.T) {
		it, err := sim.ClickButton(general.ID, asked.ID, sam, "mine:why:42")
		resp := answered(t, it, err)
		modal, ok := resp.Modal()
		if resp.Type != discordsim.ResponseModal || !ok || modal.CustomID != "mine:why:42" || len(modal.Inputs) != 2 {
			t.Fatalf("the click was answered with type %d: %s", resp.Type, resp.Data)
		}
		if _, err := sim.SubmitModal(it, map[string]string{"note": "no reason"}); err == nil || !strings.Contains(err.Error(), "required") {
			t.Fatalf("submitting without the required input: %v", err)
		}
		sub, err := sim.SubmitModal(it, map[string]string{"reason": "spam links", "note": "twice"})
		resp = answered(t, sub, err)
		if *resp.Message().Content != "Noted: spam links" || !ephemeral(resp) {
			t.Fatalf("the submission was answered with %s", resp.Data)
		}
		_, modals := p.seen()
		if len(modals) != 1 || modals[0].CustomID != "mine:why:42" || modals[0].Fields["reason"] != "spam links" || modals[0].Fields["note"] != "twice" || modals[0].UserID != sam.String() {
			t.Fatalf("HandleModal saw %+v", modals)
		}
		if _, err := sim.SubmitModal(it, map[string]string{"reason": "again"}); err == nil {
			t.Fatal("a modal was submitted twice")
		}
	})

	t.Run("autocomplete returns choices filtered by the typed text", func(t *testing.T) {
		for _, tc := range []struct {
			typed string
			want  []string
		}{{"w", []string{"welcome", "warn-policy"}}, {"ru", []string{"rules"}}, {"zz", nil}} {
			it, err := sim.Autocomplete(g.ID, general.ID, alex, "tag", "", nil, "name", tc.typed)
			resp := answered(t, it, err)
			var names []string
			for _, c := range resp.Choices() {
				names = append(names, c.Name)
			}
			if resp.Type != discordsim.ResponseAutocomplete || !slices.Equal(names, tc.want) {
				t.Fatalf("typing %q: type %d, choices %v, want %v", tc.typed, resp.Type, names, tc.want)
			}
		}
	})

	t.Run("context-menu commands reach their handlers with the target", func(t *testing.T) {
		it, err := sim.InvokeUserCommand(g.ID, general.ID, alex, "Warn", sam)
		if resp := answered(t, it, err); *resp.Message().Content != "warned "+sam.String() {
			t.Fatalf("the user command was answered with %s", resp.Data)
		}
		spam, err := sim.SendMessage(general.ID, sam, "buy cheap coins")
		if err != nil {
			t.Fatal(err)
		}
		it, err = sim.InvokeMessageCommand(g.ID, general.ID, alex, "Report", spam.ID)
		want := "reported " + spam.ID.String() + " by " + sam.String() + ": buy cheap coins"
		if resp := answered(t, it, err); *resp.Message().Content != want {
			t.Fatalf("the message command was answered with %s, want %q", resp.Data, want)
		}
	})

	t.Run("custom ids that name no handling plugin are refused", func(t *testing.T) {
		before, _ := p.seen()
		stale := postAsBot(t, sim, general.ID, map[string]any{"content": "old buttons", "components": []map[string]any{{"type": 1, "components": []map[string]any{
			{"type": 2, "style": 1, "label": "A", "custom_id": "confirm"},
			{"type": 2, "style": 1, "label": "B", "custom_id": "other:x"},
			{"type": 2, "style": 1, "label": "C", "custom_id": "ghost:x"},
		}}}})
		for _, id := range []string{"confirm", "other:x", "ghost:x"} {
			it, err := sim.ClickButton(general.ID, stale.ID, sam, id)
			resp := answered(t, it, err)
			if resp.Type != discordsim.ResponseMessage || !ephemeral(resp) || !strings.Contains(*resp.Message().Content, "no longer works") {
				t.Fatalf("clicking %q was answered with type %d %s", id, resp.Type, resp.Data)
			}
		}
		// A good click afterwards is the only one the plugin sees.
		it, err := sim.ChooseStrings(general.ID, asked.ID, sam, "mine:colour", "red")
		answered(t, it, err)
		after, _ := p.seen()
		if len(after) != len(before)+1 || after[len(after)-1].CustomID != "mine:colour" {
			t.Fatalf("the plugin saw %d more components, want only the good one", len(after)-len(before))
		}
	})

	t.Run("outgoing components without the plugin's prefix are refused", func(t *testing.T) {
		it, err := sim.InvokeCommand(g.ID, general.ID, alex, "foreign", nil)
		resp := answered(t, it, err)
		sm := resp.Message()
		if !ephemeral(resp) || !strings.Contains(*sm.Content, `must start with "mine:"`) || (sm.Components != nil && len(*sm.Components) > 0) {
			t.Fatalf("/foreign was answered with %s", resp.Data)
		}
	})

	t.Run("mentions from user text ping nobody unless the plugin asks", func(t *testing.T) {
		role := g.Roles[1].ID
		text := "@everyone look at <@&" + role.String() + "> and <@" + sam.String() + ">"
		tests := []struct {
			name        string
			loud        bool
			wantParse   []string
			wantRoles   []discordsim.ID
			wantEveryon bool
		}{
			{"by default", false, []string{"users"}, []discordsim.ID{}, false},
			{"when the plugin asks", true, []string{"everyone", "users", "roles"}, []discordsim.ID{role}, true},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				it, err := sim.InvokeCommand(g.ID, general.ID, alex, "shout", map[string]any{"text": text, "loud": tc.loud})
				resp := answered(t, it, err)
				am := resp.Message().AllowedMentions
				if am == nil || !slices.Equal(am.Parse, tc.wantParse) {
					t.Fatalf("allowed_mentions = %+v, want parse %v", am, tc.wantParse)
				}
				m := sentMessage(t, it)
				if m.MentionEveryone != tc.wantEveryon || !slices.Equal(m.MentionRoles, tc.wantRoles) || len(m.Mentions) != 1 || m.Mentions[0].ID != sam {
					t.Fatalf("pinged everyone=%v roles=%v users=%v", m.MentionEveryone, m.MentionRoles, m.Mentions)
				}
			})
		}
	})

	t.Run("a file is attached", func(t *testing.T) {
		it, err := sim.InvokeCommand(g.ID, general.ID, alex, "report-file", nil)
		resp := answered(t, it, err)
		if len(resp.Files) != 1 || resp.Files[0].Name != "report.txt" || string(resp.Files[0].Data) != "3 warnings" {
			t.Fatalf("response files = %+v", resp.Files)
		}
		m := sentMessage(t, it)
		files := sim.Attachments(m.ID)
		if m.Content != "Your report" || len(m.Attachments) != 1 || len(files) != 1 || string(files[0].Data) != "3 warnings" {
			t.Fatalf("message %q with attachments %v", m.Content, m.Attachments)
		}
	})
}
