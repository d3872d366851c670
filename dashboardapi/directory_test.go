package dashboardapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
)

// TestDirectory resolves ids to names in one batched request and searches
// the guild for the pickers, against the bot's cache of the simulated
// Discord.
func TestDirectory(t *testing.T) {
	e := startSim(t)
	g := discordsim.GuildID(1)
	admin := simUser(1)
	mod := discordsim.RoleID(1, discordsim.RoleModerator).String()
	general := ""
	if sg, ok := e.sim.Guild(g); ok {
		if c, ok := sg.ChannelByName("general"); ok {
			general = c.ID.String()
		}
	}
	unknown := "123456789012345678"
	base := "/api/guilds/" + g.String() + "/directory"

	t.Run("a batch of ids becomes names; unknown ids are left out", func(t *testing.T) {
		var got struct {
			Users    []core.MemberName  `json:"users"`
			Roles    []core.RoleName    `json:"roles"`
			Channels []core.ChannelName `json:"channels"`
		}
		path := fmt.Sprintf("%s?users=%s,%s,%s&roles=%s,%s&channels=%s", base, simUser(2), simUser(3), unknown, mod, unknown, general)
		r := e.do(http.MethodGet, path, admin, nil)
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		r.decode(t, &got)
		if len(got.Users) != 2 || got.Users[0].DisplayName == "" || got.Users[0].Username == "" {
			t.Errorf("users: %+v", got.Users)
		}
		if len(got.Roles) != 1 || got.Roles[0].Name != "Moderator" || got.Roles[0].Color == 0 {
			t.Errorf("roles: %+v", got.Roles)
		}
		if len(got.Channels) != 1 || got.Channels[0].Name != "general" || got.Channels[0].Kind != core.ChannelKindText {
			t.Errorf("channels: %+v", got.Channels)
		}
	})

	t.Run("pickers search by kind with a limit", func(t *testing.T) {
		var roles []core.RoleName
		e.do(http.MethodGet, base+"/search?kind=role&q=mod", admin, nil).decode(t, &roles)
		if len(roles) != 1 || roles[0].Name != "Moderator" {
			t.Errorf("roles matching mod: %+v", roles)
		}
		var members []core.MemberName
		e.do(http.MethodGet, base+"/search?kind=member&limit=3", admin, nil).decode(t, &members)
		if len(members) != 3 {
			t.Errorf("members with limit 3: %+v", members)
		}
		var voice []core.ChannelName
		e.do(http.MethodGet, base+"/search?kind=channel&type=voice", admin, nil).decode(t, &voice)
		if len(voice) == 0 {
			t.Fatal("no voice channels")
		}
		for _, c := range voice {
			if c.Kind != core.ChannelKindVoice {
				t.Errorf("type=voice answered %+v", c)
			}
		}
	})

	t.Run("bad input is a 400 naming the parameter", func(t *testing.T) {
		cases := map[string]string{
			"?users=abc": "users:",
			"?users=" + strings.Repeat(unknown+",", 100) + unknown: "users:",
			"?nope=1":                       "nope",
			"/search?kind=thing":            "kind:",
			"/search?kind=member&limit=500": "limit:",
			"/search?kind=role&type=voice":  "type:",
		}
		for q, want := range cases {
			r := e.do(http.MethodGet, base+q, admin, nil)
			if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), want) {
				t.Errorf("%s: %d %s, want 400 naming %q", q, r.status, r.body, want)
			}
		}
	})

	t.Run("outsiders get no names", func(t *testing.T) {
		if r := e.do(http.MethodGet, base+"?users="+admin, simUser(5), nil); r.status != http.StatusForbidden {
			t.Errorf("a plain member: %d %s", r.status, r.body)
		}
	})
}
