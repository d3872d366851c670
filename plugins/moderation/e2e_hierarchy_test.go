package moderation_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/moderation"
)

// sideEffects counts the REST calls Warden made to the simulator that
// change something on Discord, other than answering an interaction: bans,
// kicks, timeouts, DMs and channel posts.
func (w *world) sideEffects() int {
	n := 0
	for _, c := range w.Sim.Calls() {
		if c.Method != http.MethodGet && !strings.Contains(c.Route, "/interactions/") && !strings.Contains(c.Route, "/webhooks/") {
			n++
		}
	}
	return n
}

// apiRefusal is a POST /infractions the API must refuse, saying why,
// before anything happens.
type apiRefusal struct {
	name   string
	user   discordsim.ID
	body   map[string]any
	status int
	want   string
}

// checkRefusals sends each refused action and checks that it asked
// Discord for nothing.
func (w *world) checkRefusals(t *testing.T, prefix string, cases []apiRefusal) {
	t.Helper()
	for _, tc := range cases {
		t.Run(prefix+tc.name, func(t *testing.T) {
			before := w.sideEffects()
			var e struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if st := w.api(t, tc.user, "POST", "/infractions", tc.body, &e); st != tc.status || !strings.Contains(e.Error.Message, tc.want) {
				t.Fatalf("POST infractions: %d %+v, want %d saying %q", st, e, tc.status, tc.want)
			}
			if n := w.sideEffects() - before; n != 0 {
				t.Fatalf("made %d Discord calls with effects", n)
			}
		})
	}
}

// TestRoleHierarchyRefusals checks that an action Discord's role hierarchy
// forbids is refused before anything happens, from a slash command and
// from the dashboard: the refusal names the reason, no case is written,
// Warden asks Discord for nothing, and the dashboard hears nothing.
func TestRoleHierarchyRefusals(t *testing.T) {
	w := startWorld(t, "", "1h")
	dash := w.g.Dashboard(t, owner)

	// senior holds a role above the bot's; admin holds the Admin role
	// (Administrator, above Moderator); peer is a second moderator.
	senior, admin, peer := discordsim.UserID(7), discordsim.UserID(8), discordsim.UserID(9)
	high := w.g.CreateRole(t, "Senior", 6, 0)
	w.g.SetRoles(t, senior, high)
	w.g.SetRoles(t, admin, discordsim.RoleID(1, discordsim.RoleAdmin))
	w.g.SetRoles(t, peer, discordsim.RoleID(1, discordsim.RoleModerator))

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
			if r := w.g.Command(t, tc.user, tc.cmd, tc.opts).Content; !strings.Contains(r, tc.want) || !strings.HasPrefix(r, "❌") {
				t.Fatalf("/%s: %q, want a refusal saying %q", tc.cmd, r, tc.want)
			}
			if n := w.sideEffects() - before; n != 0 {
				t.Fatalf("/%s made %d Discord calls with effects", tc.cmd, n)
			}
		})
	}

	w.checkRefusals(t, "POST infractions ", []apiRefusal{
		{"moderator on an admin", mod, map[string]any{"type": "ban", "userId": admin.String()}, http.StatusForbidden, "at or above yours"},
		{"moderator on an equal", mod, map[string]any{"type": "warn", "userId": peer.String()}, http.StatusForbidden, "at or above yours"},
		{"owner on a member above the bot", owner, map[string]any{"type": "kick", "userId": senior.String()}, http.StatusBadRequest, "at or above the bot's"},
		{"the owner", mod, map[string]any{"type": "ban", "userId": owner.String()}, http.StatusBadRequest, "guild owner"},
		{"the bot", owner, map[string]any{"type": "kick", "userId": discordsim.ApplicationID.String()}, http.StatusBadRequest, "bot cannot"},
		{"oneself", mod, map[string]any{"type": "timeout", "userId": mod.String(), "durationSeconds": 600}, http.StatusBadRequest, "yourself"},
	})

	var page moderation.CasePage
	if st := w.api(t, owner, "GET", "/infractions", nil, &page); st != http.StatusOK || len(page.Items) != 0 {
		t.Fatalf("refusals wrote cases: %d %+v", st, page.Items)
	}
	// A permitted action afterwards is case #1 and the first event the
	// dashboard hears: the refusals claimed no number and broadcast nothing.
	var in moderation.Infraction
	if st := w.api(t, mod, "POST", "/infractions", map[string]any{"type": "kick", "userId": alice.String()}, &in); st != http.StatusCreated || in.Number != 1 {
		t.Fatalf("kick below the moderator: %d %+v", st, in)
	}
	frames := dash.WaitCount(t, "moderation:infraction_created", 1)
	if got := plugintest.Decode[moderation.Infraction](t, frames[0]); got.Number != 1 || got.ModeratorID != mod.String() || got.UpdatedBy != mod.String() {
		t.Fatalf("first infraction_created: %+v", got)
	}
	if n := len(dash.Frames("moderation:infraction_updated")); n != 0 || len(dash.Frames("moderation:infraction_created")) != 1 {
		t.Fatalf("refusals reached the dashboard: %d created, %d updated", len(dash.Frames("moderation:infraction_created")), n)
	}
}
