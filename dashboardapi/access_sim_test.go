package dashboardapi_test

import (
	"net/http"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// Access decided from the real directory: the bot's disgo cache, filled by
// the simulated Discord, and grants in the store.
func TestAccessFromSimulatedDiscord(t *testing.T) {
	e := startSim(t)
	g1 := discordsim.GuildID(1)
	// User 3 is made an administrator by role; user 6 loses the Member
	// role, which a role grant then names.
	e.setRole(g1, discordsim.UserID(3), discordsim.RoleID(1, discordsim.RoleAdmin), true)
	e.setRole(g1, discordsim.UserID(6), discordsim.RoleID(1, discordsim.RoleMember), false)
	memberRole := discordsim.RoleID(1, discordsim.RoleMember).String()
	if r := e.do("POST", "/api/guilds/"+simGuild1+"/dashboard/grants", simUser(1), map[string]any{"roleId": memberRole}); r.status != http.StatusCreated {
		t.Fatalf("role grant: %d %s", r.status, r.body)
	}
	settings := func(g string) string { return "/api/guilds/" + g + "/dashboard/settings" }

	cases := []struct {
		name, user, path string
		want             int
	}{
		{"superuser", simSuperuser, settings(simGuild1), 200},
		{"owner", simUser(1), settings(simGuild1), 200},
		{"Administrator role", simUser(3), settings(simGuild1), 200},
		{"Administrator role does not reach another guild", simUser(3), settings(simGuild2), 403},
		{"Manage Server role", simUser(2), settings(simGuild1), 200},
		{"role grant", simUser(5), settings(simGuild1), 200},
		{"plain member elsewhere", simUser(5), settings(simGuild2), 403},
		{"member without the granted role", simUser(6), settings(simGuild1), 403},
		{"user in no guild", simUser(simMembers + 1), settings(simGuild1), 403},
		{"guild the bot is not in", simUser(1), settings(discordsim.GuildID(9).String()), 404},
		{"bot-wide stats, superuser", simSuperuser, "/api/stats", 200},
		{"bot-wide stats, owner", simUser(1), "/api/stats", 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := e.do("GET", tc.path, tc.user, nil); r.status != tc.want {
				t.Fatalf("GET %s as %s = %d, want %d: %s", tc.path, tc.user, r.status, tc.want, r.body)
			}
		})
	}

	// The role grant starts working when the simulator gives user 6 the
	// role, through the gateway event that updates the bot's cache.
	var guilds []struct{ ID string }
	e.do("GET", "/api/guilds", simUser(6), nil).decode(t, &guilds)
	if len(guilds) != 0 {
		t.Fatalf("guilds of user 6 before the role: %+v", guilds)
	}
	e.setRole(g1, discordsim.UserID(6), discordsim.RoleID(1, discordsim.RoleMember), true)
	if r := e.do("GET", settings(simGuild1), simUser(6), nil); r.status != http.StatusOK {
		t.Fatalf("after the role was given: %d %s", r.status, r.body)
	}
	e.do("GET", "/api/guilds", simUser(6), nil).decode(t, &guilds)
	if len(guilds) != 1 || guilds[0].ID != simGuild1 {
		t.Fatalf("guilds of user 6 after the role: %+v", guilds)
	}
	// And it stops working when the role is taken away again.
	e.setRole(g1, discordsim.UserID(6), discordsim.RoleID(1, discordsim.RoleMember), false)
	if r := e.do("GET", settings(simGuild1), simUser(6), nil); r.status != http.StatusForbidden {
		t.Fatalf("after the role was taken: %d %s", r.status, r.body)
	}
}
