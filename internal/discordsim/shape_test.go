package discordsim_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// allIntents asks for every dispatch the simulator can send.
const allIntents = 1<<0 | 1<<1 | 1<<2 | 1<<7 | 1<<9 | 1<<12 | 1<<15

func TestDispatchesHaveDiscordsShape(t *testing.T) {
	s := testenv.StartSim(t)
	c := dialRaw(t, s, allIntents)
	g, _ := s.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	lounge, _ := g.ChannelByName("Lounge")
	rs := botRequest(t, s, "PUT", "/applications/"+discordsim.ApplicationID.String()+"/commands",
		[]map[string]any{{"name": "ping", "description": "Answers.", "options": []map[string]any{{"name": "word", "type": 3, "description": "w"}}}})
	if rs.StatusCode != 200 {
		t.Fatalf("register commands: %d", rs.StatusCode)
	}
	tests := []struct {
		file, event string
		trigger     func() error
	}{
		{"ready.json", "READY", func() error { return nil }},
		{"message_create.json", "MESSAGE_CREATE", func() error {
			_, err := s.SendMessage(general.ID, discordsim.UserID(3), "hello")
			return err
		}},
		{"guild_member_add.json", "GUILD_MEMBER_ADD", func() error { return s.JoinGuild(g.ID, discordsim.UserID(40)) }},
		{"voice_state_update.json", "VOICE_STATE_UPDATE", func() error { return s.SetVoice(g.ID, discordsim.UserID(3), lounge.ID) }},
		{"interaction_create.json", "INTERACTION_CREATE", func() error {
			_, err := s.InvokeCommand(g.ID, general.ID, discordsim.UserID(3), "ping", map[string]any{"word": "hi"})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.event, func(t *testing.T) {
			if err := tc.trigger(); err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if err := json.Unmarshal(c.wait(t, tc.event), &got); err != nil {
				t.Fatal(err)
			}
			if err := sameShape("d", want, got); err != nil {
				t.Fatalf("%s differs from %s: %v", tc.event, tc.file, err)
			}
		})
	}
	if n := c.count("GUILD_CREATE"); n != 2 {
		t.Fatalf("GUILD_CREATE dispatches = %d, want one per guild", n)
	}
}

// sameShape checks that got has every field of want with the same JSON
// kind; a null in want accepts anything, and a map whose only key is "*"
// stands for a map keyed by ids.
func sameShape(path string, want, got any) error {
	switch w := want.(type) {
	case nil:
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", path, got)
		}
		if v, ok := w["*"]; ok && len(w) == 1 {
			// A map keyed by ids: every entry has the value's shape.
			if len(g) == 0 {
				return fmt.Errorf("%s: want entries, got none", path)
			}
			for k, gv := range g {
				if err := sameShape(path+"."+k, v, gv); err != nil {
					return err
				}
			}
			return nil
		}
		for k, v := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: missing", path, k)
			}
			if err := sameShape(path+"."+k, v, gv); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", path, got)
		}
		if len(w) > 0 && len(g) > 0 {
			return sameShape(path+"[0]", w[0], g[0])
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Errorf("%s: want %T, got %T (%v)", path, want, got, got)
		}
	}
	return nil
}
