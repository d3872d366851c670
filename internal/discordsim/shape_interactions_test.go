package discordsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// multipartRequest calls the simulator's REST API as the bot with a
// multipart body: payload_json and one file per name.
func multipartRequest(t *testing.T, s *discordsim.Server, method, path string, payload any, files map[string]string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	raw, err := json.Marshal(payload)
	check(t, err)
	check(t, w.WriteField("payload_json", string(raw)))
	i := 0
	for name, content := range files {
		fw, err := w.CreateFormFile("files["+string(rune('0'+i))+"]", name)
		check(t, err)
		_, err = io.WriteString(fw, content)
		check(t, err)
		i++
	}
	check(t, w.Close())
	req, err := http.NewRequest(method, s.APIURL()+path, &buf)
	check(t, err)
	req.Header.Set("Authorization", "Bot "+s.Token())
	req.Header.Set("Content-Type", w.FormDataContentType())
	rs, err := http.DefaultClient.Do(req)
	check(t, err)
	t.Cleanup(func() { _ = rs.Body.Close() })
	return rs
}

// row is an action row of components in Discord's JSON.
func row(cs ...map[string]any) map[string]any { return map[string]any{"type": 1, "components": cs} }

// TestInteractionDispatchesHaveDiscordsShape makes a member use every kind
// of component on a message the bot posted (with a file, over multipart),
// submit a modal, type in an autocompleted option and run user and
// message commands, and checks each INTERACTION_CREATE, and the posted
// message, against a recorded payload.
func TestInteractionDispatchesHaveDiscordsShape(t *testing.T) {
	s := testenv.StartSim(t)
	c := dialRaw(t, s, allIntents)
	c.wait(t, "READY")
	g, general := demo(t, s, "general")
	user := discordsim.UserID(3)
	expect(t, botRequest(t, s, "PUT", "/applications/"+discordsim.ApplicationID.String()+"/commands", []map[string]any{
		{"name": "tag", "description": "Shows a tag.", "options": []map[string]any{{"name": "name", "type": 3, "description": "n", "required": true, "autocomplete": true}}},
		{"name": "Warn", "type": 2},
		{"name": "Report", "type": 3},
	}), 200)
	mod := g.Roles[1].ID
	rs := multipartRequest(t, s, "POST", "/channels/"+general.ID.String()+"/messages", map[string]any{
		"content": "report attached",
		"embeds":  []map[string]any{{"title": "Case 4", "description": "Warned", "color": 15158332, "fields": []map[string]any{{"name": "Reason", "value": "spam"}}}},
		"components": []map[string]any{
			row(map[string]any{"type": 2, "style": 4, "label": "Yes", "custom_id": "mine:confirm:42"}),
			row(map[string]any{"type": 3, "custom_id": "mine:colour", "options": []map[string]any{{"label": "Red", "value": "red"}, {"label": "Blue", "value": "blue"}}}),
			row(map[string]any{"type": 5, "custom_id": "mine:who", "max_values": 2}),
			row(map[string]any{"type": 6, "custom_id": "mine:role"}),
			row(map[string]any{"type": 8, "custom_id": "mine:where", "channel_types": []int{0}}),
		},
		"attachments": []map[string]any{{"id": 0, "filename": "report.txt"}},
	}, map[string]string{"report.txt": "hello world"})
	body, err := io.ReadAll(rs.Body)
	check(t, err)
	if rs.StatusCode != 200 {
		t.Fatalf("post a message with components and a file = %d %s", rs.StatusCode, body)
	}
	matchesRecorded(t, "rest_message_components.json", body)
	var posted discordsim.Message
	check(t, json.Unmarshal(body, &posted))
	if files := s.Attachments(posted.ID); len(files) != 1 || string(files[0].Data) != "hello world" || files[0].Name != "report.txt" {
		t.Fatalf("attachments = %+v", files)
	}

	var clicked *discordsim.Interaction
	tests := []struct {
		file    string
		trigger func(t *testing.T) (*discordsim.Interaction, error)
	}{
		{"interaction_create_button.json", func(t *testing.T) (*discordsim.Interaction, error) {
			it, err := s.ClickButton(general.ID, posted.ID, user, "mine:confirm:42")
			clicked = it
			return it, err
		}},
		{"interaction_create_string_select.json", func(t *testing.T) (*discordsim.Interaction, error) {
			return s.ChooseStrings(general.ID, posted.ID, user, "mine:colour", "red")
		}},
		{"interaction_create_user_select.json", func(t *testing.T) (*discordsim.Interaction, error) {
			return s.ChooseUsers(general.ID, posted.ID, user, "mine:who", discordsim.UserID(4), discordsim.UserID(5))
		}},
		{"interaction_create_role_select.json", func(t *testing.T) (*discordsim.Interaction, error) {
			return s.ChooseRoles(general.ID, posted.ID, user, "mine:role", mod)
		}},
		{"interaction_create_channel_select.json", func(t *testing.T) (*discordsim.Interaction, error) {
			return s.ChooseChannels(general.ID, posted.ID, user, "mine:where", general.ID)
		}},
		{"interaction_create_modal_submit.json", func(t *testing.T) (*discordsim.Interaction, error) {
			expect(t, botRequest(t, s, "POST", "/interactions/"+clicked.ID.String()+"/"+clicked.Token+"/callback", map[string]any{"type": 9, "data": map[string]any{
				"custom_id": "mine:why:42", "title": "Why?", "components": []map[string]any{
					row(map[string]any{"type": 4, "custom_id": "reason", "label": "Reason", "style": 2})}}}), 204)
			return s.SubmitModal(clicked, map[string]string{"reason": "spam"})
		}},
		{"interaction_create_autocomplete.json", func(t *testing.T) (*discordsim.Interaction, error) {
			return s.Autocomplete(g.ID, general.ID, user, "tag", "", nil, "name", "wel")
		}},
		{"interaction_create_user_command.json", func(t *testing.T) (*discordsim.Interaction, error) {
			return s.InvokeUserCommand(g.ID, general.ID, user, "Warn", discordsim.UserID(4))
		}},
		{"interaction_create_message_command.json", func(t *testing.T) (*discordsim.Interaction, error) {
			m, err := s.SendMessage(general.ID, discordsim.UserID(4), "buy cheap coins")
			check(t, err)
			return s.InvokeMessageCommand(g.ID, general.ID, user, "Report", m.ID)
		}},
	}
	for i, tc := range tests {
		t.Run(strings.TrimSuffix(tc.file, ".json"), func(t *testing.T) {
			if _, err := tc.trigger(t); err != nil {
				t.Fatal(err)
			}
			matchesRecorded(t, tc.file, c.nth(t, "INTERACTION_CREATE", i))
		})
	}
}

// TestScenarioRefusesWhatAClientCannotDo checks that the scenario calls
// refuse what Discord's client would not let a user do.
func TestScenarioRefusesWhatAClientCannotDo(t *testing.T) {
	s := testenv.StartSim(t)
	g, general := demo(t, s, "general")
	user := discordsim.UserID(3)
	expect(t, botRequest(t, s, "PUT", "/applications/"+discordsim.ApplicationID.String()+"/commands", []map[string]any{
		{"name": "tag", "description": "Shows a tag.", "options": []map[string]any{{"name": "name", "type": 3, "description": "n"}}},
	}), 200)
	rs := botRequest(t, s, "POST", "/channels/"+general.ID.String()+"/messages", map[string]any{"content": "pick", "components": []map[string]any{
		row(map[string]any{"type": 2, "style": 1, "label": "Off", "custom_id": "mine:off", "disabled": true},
			map[string]any{"type": 2, "style": 5, "label": "Docs", "url": "https://example.com"}),
		row(map[string]any{"type": 3, "custom_id": "mine:colour", "options": []map[string]any{{"label": "Red", "value": "red"}}}),
	}})
	expect(t, rs, 200)
	msg := decodeID(t, rs)
	it, err := s.InvokeCommand(g.ID, general.ID, user, "tag", nil)
	check(t, err)
	tests := []struct {
		name string
		do   func() error
		want string
	}{
		{"a disabled button", func() error { _, err := s.ClickButton(general.ID, msg, user, "mine:off"); return err }, "disabled"},
		{"a missing component", func() error { _, err := s.ClickButton(general.ID, msg, user, "mine:nope"); return err }, "no component"},
		{"a value not offered", func() error { _, err := s.ChooseStrings(general.ID, msg, user, "mine:colour", "green"); return err }, "not one of its options"},
		{"too many values", func() error {
			_, err := s.ChooseStrings(general.ID, msg, user, "mine:colour", "red", "red")
			return err
		}, "takes 1 to 1"},
		{"a button as a select", func() error { _, err := s.ChooseStrings(general.ID, msg, user, "mine:off", "x"); return err }, "type"},
		{"a modal never opened", func() error { _, err := s.SubmitModal(it, nil); return err }, "no modal"},
		{"an option without autocomplete", func() error {
			_, err := s.Autocomplete(g.ID, general.ID, user, "tag", "", nil, "name", "x")
			return err
		}, "no autocompleted option"},
		{"a user command that is not registered", func() error {
			_, err := s.InvokeUserCommand(g.ID, general.ID, user, "tag", user)
			return err
		}, "not registered"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
	// A slash command's interaction takes a message, not an update or
	// choices; after the answer nothing more.
	cb := "/interactions/" + it.ID.String() + "/" + it.Token + "/callback"
	expect(t, botRequest(t, s, "POST", cb, map[string]any{"type": 7, "data": map[string]any{"content": "x"}}), 400)
	expect(t, botRequest(t, s, "POST", cb, map[string]any{"type": 8, "data": map[string]any{"choices": []any{}}}), 400)
	expect(t, botRequest(t, s, "POST", cb, map[string]any{"type": 4, "data": map[string]any{"content": "ok", "flags": 64}}), 204)
	expect(t, botRequest(t, s, "POST", cb, map[string]any{"type": 4, "data": map[string]any{"content": "again"}}), 400)
	resp, err := it.Wait(context.Background())
	check(t, err)
	m, ok := it.ResponseMessage()
	if resp.Type != 4 || !ok || m.Content != "ok" || m.Flags&discordsim.FlagEphemeral == 0 {
		t.Fatalf("response %d, message %+v", resp.Type, m)
	}
	for _, cm := range s.Messages(general.ID) {
		if cm.ID == m.ID {
			t.Fatal("an ephemeral response is listed in the channel")
		}
	}
}
