package discordsim_test

import (
	"encoding/json"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestNewDispatchesRespectIntents checks that each new dispatch reaches
// only a connection whose intents allow it. Dispatches of one session are
// sent in order, so once a later event arrived, an earlier one that was
// not sent never will be.
func TestNewDispatchesRespectIntents(t *testing.T) {
	s := testenv.StartSim(t)
	guildsOnly := dialRaw(t, s, 1<<0)
	messagesNoContent := dialRaw(t, s, 1<<0|1<<9)
	guildsOnly.wait(t, "READY")
	messagesNoContent.wait(t, "READY")
	g, general := demo(t, s, "general")
	lounge, _ := g.ChannelByName("Lounge")
	user := discordsim.UserID(3)

	m, err := s.SendMessage(general.ID, user, "secret")
	check(t, err)
	_, err = s.EditMessage(general.ID, m.ID, "secret, edited")
	check(t, err)
	check(t, s.React(general.ID, m.ID, user, "👍"))
	check(t, s.SetNick(g.ID, user, "nick"))
	check(t, s.JoinVoice(g.ID, user, lounge.ID))
	_, err = s.CreateInvite(general.ID, user, 0, 0)
	check(t, err)
	thread, err := s.CreateThread(general.ID, discordsim.UserID(2), "notes", false)
	check(t, err)
	check(t, s.JoinThread(thread, user))
	_, err = s.SendDM(user, "dm")
	check(t, err)
	own := botRequest(t, s, "POST", "/channels/"+general.ID.String()+"/messages", map[string]any{"content": "from the bot"})
	expect(t, own, 200)
	check(t, s.DeleteMessage(general.ID, m.ID))
	// The marker: a role create reaches every connection with GUILDS.
	_, err = s.CreateRole(g.ID, "marker", 1, 0)
	check(t, err)
	for _, c := range []*rawClient{guildsOnly, messagesNoContent} {
		c.wait(t, "GUILD_ROLE_CREATE")
	}

	tests := []struct {
		event             string
		guildsOnly, msgNC int
	}{
		{"THREAD_CREATE", 1, 1},
		{"MESSAGE_CREATE", 0, 2}, // the user's and the bot's; no DM without DIRECT_MESSAGES
		{"MESSAGE_UPDATE", 0, 1},
		{"MESSAGE_DELETE", 0, 1},
		{"MESSAGE_REACTION_ADD", 0, 0},
		{"GUILD_MEMBER_UPDATE", 0, 0},
		{"VOICE_STATE_UPDATE", 0, 0},
		{"INVITE_CREATE", 0, 0},
		{"THREAD_MEMBERS_UPDATE", 0, 0}, // other users' joins need GUILD_MEMBERS
	}
	for _, tc := range tests {
		t.Run(tc.event, func(t *testing.T) {
			if n := guildsOnly.count(tc.event); n != tc.guildsOnly {
				t.Errorf("GUILDS only got %d %s, want %d", n, tc.event, tc.guildsOnly)
			}
			if n := messagesNoContent.count(tc.event); n != tc.msgNC {
				t.Errorf("GUILDS|GUILD_MESSAGES got %d %s, want %d", n, tc.event, tc.msgNC)
			}
		})
	}
	t.Run("content without MESSAGE_CONTENT", func(t *testing.T) {
		var upd, bot struct {
			Content string `json:"content"`
		}
		check(t, json.Unmarshal(messagesNoContent.wait(t, "MESSAGE_UPDATE"), &upd))
		check(t, json.Unmarshal(messagesNoContent.nth(t, "MESSAGE_CREATE", 1), &bot))
		if upd.Content != "" {
			t.Errorf("MESSAGE_UPDATE carries a user's content %q without MESSAGE_CONTENT", upd.Content)
		}
		if bot.Content != "from the bot" {
			t.Errorf("the bot's own message lost its content: %q", bot.Content)
		}
	})
}
