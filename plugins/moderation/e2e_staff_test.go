package moderation_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/plugins/moderation"
)

// TestModeratorRolesDMTemplatesAndStats covers what a guild configures for
// its staff: a moderator role that lets members without Discord's
// moderation permissions use the commands, a DM template the member
// receives, and the figures the dashboard shows, pushed live.
func TestModeratorRolesDMTemplatesAndStats(t *testing.T) {
	w := startWorld(t, "", "1h")
	dash := w.dashboard(owner)

	// helper has no moderation permission, only a Helper role ranked above
	// the Member role.
	helper := discordsim.UserID(10)
	helperRole, err := w.sim.CreateRole(w.guild, "Helper", 2, 0)
	must(t, err)
	must(t, w.sim.SetMemberRoles(w.guild, helper, discordsim.RoleID(1, discordsim.RoleMember), helperRole))
	w.waitFor("the Helper role in the bot's cache", func() bool {
		ok := w.app.Discord().ForPlugin("moderation").HasRole(w.guild.String(), helperRole.String())
		return ok
	})
	if r := w.command(helper, "warn", map[string]any{"user": alice}); !strings.Contains(r, "or a moderator role") {
		t.Fatalf("/warn before the role is configured: %q", r)
	}

	var cfg map[string]any
	w.api(owner, "GET", "/config", nil, &cfg)
	var e struct {
		Error struct{ Message string } `json:"error"`
	}
	cfg["moderatorRoles"] = []string{"1191177303309164999"}
	if st := w.api(owner, "PUT", "/config", cfg, &e); st != http.StatusBadRequest || !strings.Contains(e.Error.Message, "moderatorRoles[0]") {
		t.Fatalf("config naming a role of no guild: %d %+v", st, e)
	}
	cfg["moderatorRoles"] = []string{helperRole.String()}
	cfg["dmTemplates"] = map[string]string{"warn": "Heads up {user}: {reason} in {guild} ({case}, {points} points)"}
	if st := w.api(owner, "PUT", "/config", cfg, &e); st != http.StatusOK {
		t.Fatalf("PUT config: %d %+v", st, e)
	}

	dm, err := w.sim.DMChannel(alice)
	must(t, err)
	steps := []struct {
		cmd    string
		opts   map[string]any
		want   string
		wantDM string
	}{
		{"warn", map[string]any{"user": alice, "reason": "be nice"}, "Case #1", "Heads up <@" + alice.String() + ">: be nice in Warden Demo 1 (#1, 1 points)"},
		{"timeout", map[string]any{"user": alice, "minutes": 5}, "Case #2", "You were timed out in Warden Demo 1 for 5 minutes: no reason given (case #2)"},
	}
	for i, st := range steps {
		t.Run("/"+st.cmd+" by a moderator role", func(t *testing.T) {
			if r := w.command(helper, st.cmd, st.opts); !strings.Contains(r, st.want) {
				t.Fatalf("/%s: %q, want %q", st.cmd, r, st.want)
			}
			w.waitFor("the DM", func() bool { return len(w.sim.Messages(dm)) > i })
			if got := w.sim.Messages(dm)[i].Content; got != st.wantDM {
				t.Fatalf("DM %q, want %q", got, st.wantDM)
			}
		})
	}

	var in moderation.Infraction
	if st := w.api(owner, "GET", "/infractions/2", nil, &in); st != http.StatusOK || in.Type != moderation.TypeTimeout || in.ModeratorID != helper.String() || in.ExpiresAt == nil {
		t.Fatalf("GET infractions/2: %d %+v", st, in)
	}
	var stats moderation.Stats
	if st := w.api(owner, "GET", "/stats", nil, &stats); st != http.StatusOK || stats.ActiveTimeouts != 1 || stats.ByType[moderation.TypeWarn] != 1 {
		t.Fatalf("stats: %d %+v", st, stats)
	}
	// The figures are pushed too, coalesced: the last frame has both cases.
	w.waitFor("stats_updated with both cases", func() bool {
		frames := dash.named("moderation:stats_updated")
		if len(frames) == 0 {
			return false
		}
		last := data[moderation.Stats](t, frames[len(frames)-1])
		return last.ActiveTimeouts == 1 && last.ByType[moderation.TypeWarn] == 1
	})
}
