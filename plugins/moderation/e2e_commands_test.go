package moderation_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/moderation"
)

// TestCaseLifecycleThroughSlashCommands covers the commands staff use after
// acting: /case show, edit and pardon, /cases, /unban and /softban, and
// escalation by points, with each Discord call checked on the simulator.
func TestCaseLifecycleThroughSlashCommands(t *testing.T) {
	w := startWorld(t, "", "1h")
	dash := w.g.Dashboard(t, owner)

	var cfg map[string]any
	w.api(t, owner, "GET", "/config", nil, &cfg)
	cfg["thresholds"] = []any{map[string]any{"points": 2, "action": "timeout", "durationSeconds": 600}}
	cfg["modLogChannelId"] = "1191177303309164999"
	var e struct {
		Error struct{ Message string } `json:"error"`
	}
	if st := w.api(t, owner, "PUT", "/config", cfg, &e); st != http.StatusBadRequest || !strings.Contains(e.Error.Message, "modLogChannelId") {
		t.Fatalf("config naming a channel of no guild: %d %+v", st, e)
	}
	cfg["modLogChannelId"] = w.modLog.String()
	if st := w.api(t, owner, "PUT", "/config", cfg, nil); st != http.StatusOK {
		t.Fatalf("PUT config: %d", st)
	}
	rule := map[string]any{"name": "Alert", "enabled": true, "trigger": map[string]any{"type": "invites"},
		"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}, "minAccountAgeDays": 0},
		"actions":    []any{map[string]any{"type": "alert", "channelId": "1191177303309164999"}}}
	if st := w.api(t, owner, "POST", "/rules", rule, &e); st != http.StatusBadRequest || !strings.Contains(e.Error.Message, "actions[0].channelId") {
		t.Fatalf("rule alerting a channel of no guild: %d %+v", st, e)
	}

	steps := []struct {
		name string
		user discordsim.ID
		cmd  string
		opts map[string]any
		want string
		// check runs after the step against the simulator.
		check func(t *testing.T)
	}{
		{"first warning", mod, "warn", map[string]any{"user": alice, "reason": "one"}, "Case #1", nil},
		{"second warning escalates", mod, "warn", map[string]any{"user": alice, "reason": "two"}, "Case #2", func(t *testing.T) {
			plugintest.Eventually(t, "the escalation timeout", func() bool {
				m, _ := w.Sim.Member(w.g.ID, alice)
				return m.CommunicationDisabledUntil != nil
			})
			esc := plugintest.Decode[moderation.Infraction](t, dash.WaitCount(t, "moderation:infraction_created", 3)[2])
			if esc.Number != 3 || esc.Source != moderation.SourceEscalation || esc.Type != moderation.TypeTimeout {
				t.Fatalf("escalation case: %+v", esc)
			}
		}},
		{"show", mod, "case show", map[string]any{"number": 3}, "timeout", nil},
		{"edit", mod, "case edit", map[string]any{"number": 1, "reason": "rude, really"}, "rude, really", nil},
		{"pardon the timeout", mod, "case pardon", map[string]any{"number": 3}, "pardoned", func(t *testing.T) {
			if m, _ := w.Sim.Member(w.g.ID, alice); m.CommunicationDisabledUntil != nil {
				t.Fatal("pardoning the timeout did not lift it on Discord")
			}
		}},
		{"list", mod, "cases user", map[string]any{"user": alice}, "Case #1", nil},
		{"unknown case", mod, "case show", map[string]any{"number": 99}, "case #99 does not exist", nil},
		{"ban", mod, "ban", map[string]any{"user": bob}, "Case #4", nil},
		{"unban", mod, "unban", map[string]any{"user": bob, "reason": "appeal accepted"}, "Case #5", func(t *testing.T) {
			if len(w.Sim.CallsTo("DELETE /guilds/{guild}/bans/{user}")) != 1 {
				t.Fatal("no unban call")
			}
			ended := plugintest.Decode[moderation.Infraction](t, dash.WaitCount(t, "moderation:infraction_updated", 3)[2])
			if ended.Number != 4 || ended.Status != moderation.StatusExpired {
				t.Fatalf("the ban case did not end with the unban: %+v", ended)
			}
		}},
		{"softban", mod, "softban", map[string]any{"user": member, "delete_days": 2}, "Case #6", func(t *testing.T) {
			if len(w.Sim.CallsTo("PUT /guilds/{guild}/bans/{user}")) != 2 || len(w.Sim.CallsTo("DELETE /guilds/{guild}/bans/{user}")) != 2 {
				t.Fatal("a softban bans and unbans")
			}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if r := w.g.Command(t, st.user, st.cmd, st.opts).Content; !strings.Contains(r, st.want) {
				t.Fatalf("/%s: %q, want it to contain %q", st.cmd, r, st.want)
			}
			if st.check != nil {
				st.check(t)
			}
		})
	}
}
