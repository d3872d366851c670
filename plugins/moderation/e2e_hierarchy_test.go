package moderation_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/plugins/moderation"
)

// sideEffects counts the REST calls Warden made to the simulator that
// change something on Discord, other than answering an interaction: bans,
// kicks, timeouts, DMs and channel posts.
func (w *world) sideEffects() int {
	n := 0
	for _, c := range w.sim.Calls() {
		if c.Method != http.MethodGet && !strings.Contains(c.Route, "/interactions/") && !strings.Contains(c.Route, "/webhooks/") {
			n++
		}
	}
	return n
}

// TestRoleHierarchyRefusals checks that an action Discord's role hierarchy
// forbids is refused before anything happens, from a slash command and
// from the dashboard: the refusal names the reason, no case is written,
// Warden asks Discord for nothing, and the dashboard hears nothing.
func TestRoleHierarchyRefusals(t *testing.T) {
	w := startWorld(t, "", "1h")
	dash := w.dashboard(owner)

	// senior holds a role above the bot's; admin holds the Admin role
	// (Administrator, above Moderator); peer is a second moderator.
	senior, admin, peer := discordsim.UserID(7), discordsim.UserID(8), discordsim.UserID(9)
	high, err := w.sim.CreateRole(w.guild, "Senior", 6, 0)
	must(t, err)
	must(t, w.sim.SetMemberRoles(w.guild, senior, high))
	must(t, w.sim.SetMemberRoles(w.guild, admin, discordsim.RoleID(1, discordsim.RoleAdmin)))
	must(t, w.sim.SetMemberRoles(w.guild, peer, discordsim.RoleID(1, discordsim.RoleModerator)))
	w.waitFor("the new role in the bot's cache", func() bool {
		ok := w.app.Discord().ForPlugin("moderation").HasRole(w.guild.String(), high.String())
		return ok
	})

	commands := []struct {
		name, cmd, want string
		user            discordsim.ID
		opts            map[string]any
	}{
		{"moderator on an admin", "ban", "at or above yours", mod, map[string]any{"user": admin}},
		{"moderator on an equal", "kick", "at or above yours", mod, map[string]any{"user": peer}},
		{"moderator warns a higher role", "warn", "at or above yours", mod, map[string]any{"user": admin, "reason": "x"}},
		{"administrator on a higher role", "timeout", "at or above yours", admin, map[string]any{"user": senior, "minutes": 5}},
		{"owner on a member above the bot", "kick", "at or above the bot's", owner, map[string]any{"user": senior}},
		{"moderator warns the owner", "warn", "at or above yours", mod, map[string]any{"user": owner}},
		{"moderator bans the owner", "ban", "guild owner", mod, map[string]any{"user": owner}},
		{"owner times the bot out", "timeout", "bot cannot", owner, map[string]any{"user": discordsim.ApplicationID, "minutes": 5}},
		{"moderator kicks themselves", "kick", "yourself", mod, map[string]any{"user": mod}},
	}
	for _, tc := range commands {
		t.Run("/"+tc.cmd+" "+tc.name, func(t *testing.T) {
			before := w.sideEffects()
			if r := w.command(tc.user, tc.cmd, tc.opts); !strings.Contains(r, tc.want) || !strings.HasPrefix(r, "❌") {
				t.Fatalf("/%s: %q, want a refusal saying %q", tc.cmd, r, tc.want)
			}
			if n := w.sideEffects() - before; n != 0 {
				t.Fatalf("/%s made %d Discord calls with effects", tc.cmd, n)
			}
		})
	}

	api := []struct {
		name   string
		user   discordsim.ID
		body   map[string]any
		status int
		want   string
	}{
		{"moderator on an admin", mod, map[string]any{"type": "ban", "userId": admin.String()}, http.StatusForbidden, "at or above yours"},
		{"moderator on an equal", mod, map[string]any{"type": "warn", "userId": peer.String()}, http.StatusForbidden, "at or above yours"},
		{"owner on a member above the bot", owner, map[string]any{"type": "kick", "userId": senior.String()}, http.StatusBadRequest, "at or above the bot's"},
		{"the owner", mod, map[string]any{"type": "ban", "userId": owner.String()}, http.StatusBadRequest, "guild owner"},
		{"the bot", owner, map[string]any{"type": "kick", "userId": discordsim.ApplicationID.String()}, http.StatusBadRequest, "bot cannot"},
		{"oneself", mod, map[string]any{"type": "timeout", "userId": mod.String(), "durationSeconds": 600}, http.StatusBadRequest, "yourself"},
	}
	for _, tc := range api {
		t.Run("POST infractions "+tc.name, func(t *testing.T) {
			before := w.sideEffects()
			var e struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if st := w.api(tc.user, "POST", "/infractions", tc.body, &e); st != tc.status || !strings.Contains(e.Error.Message, tc.want) {
				t.Fatalf("POST infractions: %d %+v, want %d saying %q", st, e, tc.status, tc.want)
			}
			if n := w.sideEffects() - before; n != 0 {
				t.Fatalf("made %d Discord calls with effects", n)
			}
		})
	}

	var page moderation.CasePage
	if st := w.api(owner, "GET", "/infractions", nil, &page); st != http.StatusOK || len(page.Items) != 0 {
		t.Fatalf("refusals wrote cases: %d %+v", st, page.Items)
	}
	// A permitted action afterwards is case #1 and the first event the
	// dashboard hears: the refusals claimed no number and broadcast nothing.
	var in moderation.Infraction
	if st := w.api(mod, "POST", "/infractions", map[string]any{"type": "kick", "userId": alice.String()}, &in); st != http.StatusCreated || in.Number != 1 {
		t.Fatalf("kick below the moderator: %d %+v", st, in)
	}
	frames := dash.waitCount(t, "moderation:infraction_created", 1)
	if got := data[moderation.Infraction](t, frames[0]); got.Number != 1 || got.ModeratorID != mod.String() || got.UpdatedBy != mod.String() {
		t.Fatalf("first infraction_created: %+v", got)
	}
	if n := len(dash.named("moderation:infraction_updated")); n != 0 || len(dash.named("moderation:infraction_created")) != 1 {
		t.Fatalf("refusals reached the dashboard: %d created, %d updated", len(dash.named("moderation:infraction_created")), n)
	}
}
