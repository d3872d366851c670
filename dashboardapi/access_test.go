package dashboardapi_test

import (
	"net/http"
	"testing"
)

func TestGuildAccess(t *testing.T) {
	e := start(t, nil)
	mkGrant := func(body map[string]any) {
		if r := e.do("POST", "/api/guilds/"+guildID+"/dashboard/grants", ownerID, body); r.status != http.StatusCreated {
			t.Fatalf("grant: %d %s", r.status, r.body)
		}
	}
	mkGrant(map[string]any{"userId": memberID, "plugins": []string{"dashboard"}})
	mkGrant(map[string]any{"roleId": modRoleID})

	cases := []struct {
		name, user, guild string
		want              int
	}{
		{"superuser", superuser, guildID, 200},
		{"owner", ownerID, guildID, 200},
		{"administrator", adminID, guildID, 200},
		{"manage server", managerID, guildID, 200},
		{"user grant", memberID, guildID, 200},
		{"role grant", roleHolder, guildID, 200},
		{"no access", strangerID, guildID, 403},
		{"owner elsewhere", ownerID, otherGuild, 403},
		{"unknown guild", superuser, missingID, 404},
		{"not a guild id", superuser, "abc", 404},
		{"no credentials", "", guildID, 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("GET", "/api/guilds/"+tc.guild+"/dashboard/settings", tc.user, nil)
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %s", r.status, tc.want, r.body)
			}
		})
	}
}

func TestGuildList(t *testing.T) {
	e := start(t, nil)
	cases := []struct {
		user string
		want []string
	}{
		{superuser, []string{guildID, otherGuild}},
		{ownerID, []string{guildID}},
		{strangerID, []string{otherGuild}},
		{memberID, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.user, func(t *testing.T) {
			r := e.do("GET", "/api/guilds", tc.user, nil)
			var got []struct{ ID, Name, Icon string }
			r.decode(t, &got)
			if len(got) != len(tc.want) {
				t.Fatalf("got %s, want %v", r.body, tc.want)
			}
			for i := range got {
				if got[i].ID != tc.want[i] || got[i].Name == "" {
					t.Fatalf("got %s, want %v", r.body, tc.want)
				}
			}
		})
	}
}

// A plugin-limited grant covers only its plugins' routes: a grant limited
// to moderation does not open the dashboard plugin's routes, and a removed
// grant stops working on the next call.
func TestPluginLimitedGrantAndRevocation(t *testing.T) {
	e := start(t, nil)
	r := e.do("POST", "/api/guilds/"+guildID+"/dashboard/grants", ownerID, map[string]any{"userId": memberID, "plugins": []string{"apitest"}})
	if r.status != http.StatusCreated {
		t.Fatalf("grant: %d %s", r.status, r.body)
	}
	var g struct {
		ID      string
		Plugins []string
	}
	r.decode(t, &g)
	if got := e.do("GET", "/api/guilds/"+guildID+"/apitest/config", memberID, nil); got.status != 200 {
		t.Fatalf("granted plugin: %d %s", got.status, got.body)
	}
	if got := e.do("GET", "/api/guilds/"+guildID+"/dashboard/settings", memberID, nil); got.status != 403 {
		t.Fatalf("other plugin: %d %s", got.status, got.body)
	}
	if got := e.do("GET", "/api/guilds/"+guildID+"/stats", memberID, nil); got.status != 200 {
		t.Fatalf("guild stats: %d %s", got.status, got.body)
	}
	if got := e.do("DELETE", "/api/guilds/"+guildID+"/dashboard/grants/"+g.ID, memberID, nil); got.status != 403 {
		t.Fatalf("grant holder removing a grant: %d %s", got.status, got.body)
	}
	if got := e.do("DELETE", "/api/guilds/"+guildID+"/dashboard/grants/"+g.ID, managerID, nil); got.status != 204 {
		t.Fatalf("revoke: %d %s", got.status, got.body)
	}
	if got := e.do("GET", "/api/guilds/"+guildID+"/apitest/config", memberID, nil); got.status != 403 {
		t.Fatalf("after revocation: %d %s", got.status, got.body)
	}
	var names []string
	for _, ev := range e.events(guildID) {
		names = append(names, ev.Name)
	}
	if len(names) != 2 || names[0] != "dashboard:permissions_updated" || names[1] != "dashboard:permissions_updated" {
		t.Fatalf("events %v, want two dashboard:permissions_updated", names)
	}
}
