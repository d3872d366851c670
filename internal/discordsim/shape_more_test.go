package discordsim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// everyIntent adds invites and reactions (DM and guild) to allIntents.
const everyIntent = allIntents | 1<<6 | 1<<10 | 1<<13

// matchesRecorded fails the test unless got has the shape of a recorded
// payload in testdata (see sameShape).
func matchesRecorded(t *testing.T, file string, got []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var want, have any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := json.Unmarshal(got, &have); err != nil {
		t.Fatal(err)
	}
	if err := sameShape("d", want, have); err != nil {
		t.Fatalf("differs from %s: %v\n%s", file, err, got)
	}
}

// TestNewDispatchesHaveDiscordsShape checks every dispatch of DMs, message
// edits and deletes, pins, reactions, members, roles, channels, threads
// and invites against a recorded payload.
func TestNewDispatchesHaveDiscordsShape(t *testing.T) {
	s := testenv.StartSim(t)
	c := dialRaw(t, s, everyIntent)
	c.wait(t, "READY")
	g, general := demo(t, s, "general")
	user := discordsim.UserID(3)
	msg, err := s.SendMessage(general.ID, user, "hello")
	if err != nil {
		t.Fatal(err)
	}
	var thread, role, category discordsim.ID
	tests := []struct {
		file, event string
		trigger     func(t *testing.T)
	}{
		{"message_create_dm.json", "MESSAGE_CREATE", nil}, // checked below
		{"message_update.json", "MESSAGE_UPDATE", func(t *testing.T) {
			_, err := s.EditMessage(general.ID, msg.ID, "hello, edited")
			check(t, err)
		}},
		{"message_reaction_add.json", "MESSAGE_REACTION_ADD", func(t *testing.T) { check(t, s.React(general.ID, msg.ID, user, "👍")) }},
		{"message_reaction_remove.json", "MESSAGE_REACTION_REMOVE", func(t *testing.T) { check(t, s.Unreact(general.ID, msg.ID, user, "👍")) }},
		{"channel_pins_update.json", "CHANNEL_PINS_UPDATE", func(t *testing.T) {
			expect(t, botRequest(t, s, "PUT", "/channels/"+general.ID.String()+"/pins/"+msg.ID.String(), nil), 204)
		}},
		{"message_delete.json", "MESSAGE_DELETE", func(t *testing.T) { check(t, s.DeleteMessage(general.ID, msg.ID)) }},
		{"message_delete_bulk.json", "MESSAGE_DELETE_BULK", func(t *testing.T) {
			a, err := s.SendMessage(general.ID, user, "a")
			check(t, err)
			b, err := s.SendMessage(general.ID, user, "b")
			check(t, err)
			check(t, s.DeleteMessages(general.ID, a.ID, b.ID))
		}},
		{"guild_member_update.json", "GUILD_MEMBER_UPDATE", func(t *testing.T) { check(t, s.SetNick(g.ID, user, "Al")) }},
		{"guild_role_create.json", "GUILD_ROLE_CREATE", func(t *testing.T) {
			rs := botRequest(t, s, "POST", "/guilds/"+g.ID.String()+"/roles", map[string]any{"name": "Helper"})
			expect(t, rs, 200)
			role = decodeID(t, rs)
		}},
		{"guild_role_update.json", "GUILD_ROLE_UPDATE", func(t *testing.T) {
			expect(t, botRequest(t, s, "PATCH", "/guilds/"+g.ID.String()+"/roles/"+role.String(), map[string]any{"color": 0x3498db}), 200)
		}},
		{"guild_role_delete.json", "GUILD_ROLE_DELETE", func(t *testing.T) {
			expect(t, botRequest(t, s, "DELETE", "/guilds/"+g.ID.String()+"/roles/"+role.String(), nil), 204)
		}},
		{"channel_create.json", "CHANNEL_CREATE", func(t *testing.T) {
			rs := botRequest(t, s, "POST", "/guilds/"+g.ID.String()+"/channels", map[string]any{"name": "Tickets", "type": 4})
			expect(t, rs, 201)
			category = decodeID(t, rs)
		}},
		{"channel_update.json", "CHANNEL_UPDATE", func(t *testing.T) {
			expect(t, botRequest(t, s, "PATCH", "/channels/"+category.String(), map[string]any{"name": "Open tickets"}), 200)
		}},
		{"channel_delete.json", "CHANNEL_DELETE", func(t *testing.T) {
			expect(t, botRequest(t, s, "DELETE", "/channels/"+category.String(), nil), 200)
		}},
		{"thread_create.json", "THREAD_CREATE", func(t *testing.T) {
			rs := botRequest(t, s, "POST", "/channels/"+general.ID.String()+"/threads", map[string]any{"name": "ticket-5", "type": 12, "invitable": false})
			expect(t, rs, 201)
			thread = decodeID(t, rs)
		}},
		{"thread_members_update.json", "THREAD_MEMBERS_UPDATE", nil}, // the bot joined its thread
		{"thread_update.json", "THREAD_UPDATE", func(t *testing.T) {
			expect(t, botRequest(t, s, "PATCH", "/channels/"+thread.String(), map[string]any{"archived": true}), 200)
		}},
		{"thread_delete.json", "THREAD_DELETE", func(t *testing.T) {
			expect(t, botRequest(t, s, "DELETE", "/channels/"+thread.String(), nil), 200)
		}},
		{"guild_member_remove.json", "GUILD_MEMBER_REMOVE", func(t *testing.T) { check(t, s.LeaveGuild(g.ID, discordsim.UserID(30))) }},
		{"invite_create.json", "INVITE_CREATE", func(t *testing.T) {
			code, err := s.CreateInvite(general.ID, user, 3600, 5)
			check(t, err)
			check(t, s.DeleteInvite(code))
		}},
		{"invite_delete.json", "INVITE_DELETE", nil},
	}
	// The first MESSAGE_CREATE is the guild message above; a DM's must
	// come without guild_id and member.
	if _, err := s.SendDM(user, "I need help"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.event, func(t *testing.T) {
			if tc.trigger != nil {
				tc.trigger(t)
			}
			if tc.event == "MESSAGE_CREATE" {
				dm := c.nth(t, "MESSAGE_CREATE", 1)
				matchesRecorded(t, tc.file, dm)
				var d map[string]any
				check(t, json.Unmarshal(dm, &d))
				if _, ok := d["guild_id"]; ok {
					t.Fatal("a DM's MESSAGE_CREATE carries guild_id")
				}
				return
			}
			matchesRecorded(t, tc.file, c.wait(t, tc.event))
		})
	}
	t.Run("THREAD_MEMBERS_UPDATE removal", func(t *testing.T) {
		id, err := s.CreateThread(general.ID, user, "talk", false)
		check(t, err)
		check(t, s.LeaveThread(id, user))
		testenv.Eventually(t, waitTimeout, "the removal", func() bool { return c.count("THREAD_MEMBERS_UPDATE") >= 3 })
		matchesRecorded(t, "thread_members_update_remove.json", c.nth(t, "THREAD_MEMBERS_UPDATE", 2))
	})
}

// TestNewRESTResponsesHaveDiscordsShape checks the bodies of the new REST
// routes against recorded responses.
func TestNewRESTResponsesHaveDiscordsShape(t *testing.T) {
	s := testenv.StartSim(t)
	g, general := demo(t, s, "general")
	user := discordsim.UserID(3)
	msg, err := s.SendMessage(general.ID, user, "vote")
	check(t, err)
	ch := "/channels/" + general.ID.String()
	var thread, own discordsim.ID
	tests := []struct {
		name, file, method string
		path               func() string
		body               any
		status             int
	}{
		{"open a DM", "rest_dm_channel.json", "POST", fixed("/users/@me/channels"), map[string]any{"recipient_id": user}, 200},
		{"create a role", "rest_role.json", "POST", fixed("/guilds/" + g.ID.String() + "/roles"), map[string]any{"name": "Helper"}, 200},
		{"create a channel", "channel_create.json", "POST", fixed("/guilds/" + g.ID.String() + "/channels"),
			map[string]any{"name": "ticket-1", "permission_overwrites": []map[string]any{{"id": g.ID, "type": 0, "deny": "1024"}}}, 201},
		{"start a thread", "rest_thread.json", "POST", fixed(ch + "/threads"), map[string]any{"name": "ticket-5", "invitable": false}, 201},
		{"thread members", "rest_thread_members.json", "GET", func() string { return "/channels/" + thread.String() + "/thread-members" }, nil, 200},
		{"react", "", "PUT", fixed(ch + "/messages/" + msg.ID.String() + "/reactions/%F0%9F%91%8D/@me"), nil, 204},
		{"message with reactions", "rest_message_reactions.json", "GET", fixed(ch + "/messages/" + msg.ID.String()), nil, 200},
		{"post a message", "message_create.json", "POST", fixed(ch + "/messages"), map[string]any{"content": "draft"}, 200},
		{"edit it", "message_update.json", "PATCH", func() string { return ch + "/messages/" + own.String() }, map[string]any{"content": "hello, edited"}, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := botRequest(t, s, tc.method, tc.path(), tc.body)
			body, err := io.ReadAll(rs.Body)
			check(t, err)
			if rs.StatusCode != tc.status {
				t.Fatalf("%s %s = %d %s, want %d", tc.method, tc.path(), rs.StatusCode, body, tc.status)
			}
			if tc.file != "" {
				matchesRecorded(t, tc.file, body)
			}
			var d struct {
				ID discordsim.ID `json:"id"`
			}
			_ = json.Unmarshal(body, &d)
			switch tc.name {
			case "start a thread":
				thread = d.ID
			case "post a message":
				own = d.ID
			}
		})
	}
}

func fixed(path string) func() string { return func() string { return path } }

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// expect fails the test unless the response has the status.
func expect(t *testing.T, rs *http.Response, want int) {
	t.Helper()
	if rs.StatusCode != want {
		body, _ := io.ReadAll(rs.Body)
		t.Fatalf("%s %s = %d %s, want %d", rs.Request.Method, rs.Request.URL.Path, rs.StatusCode, body, want)
	}
}

// decodeID reads the id of the object a response holds.
func decodeID(t *testing.T, rs *http.Response) discordsim.ID {
	t.Helper()
	var d struct {
		ID discordsim.ID `json:"id"`
	}
	if err := json.NewDecoder(rs.Body).Decode(&d); err != nil || d.ID == 0 {
		t.Fatalf("no id in the response: %v", err)
	}
	return d.ID
}
