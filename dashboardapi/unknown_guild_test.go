package dashboardapi_test

import (
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// A guild the bot is not in has no room: subscribing answers NOT_FOUND,
// for a superuser (whom every known guild lets in) as for anyone, as the
// API's guild routes answer 404.
func TestSubscribeToGuildTheBotIsNotInIsNotFound(t *testing.T) {
	e := startSim(t)
	unknown := discordsim.GuildID(9).String()
	for _, user := range []string{simSuperuser, simUser(1)} {
		d := e.openDashboard(t, user)
		d.send(map[string]any{"type": "subscribe", "guildId": unknown})
		f := d.expect("error")
		if f.Data["code"] != "NOT_FOUND" {
			t.Fatalf("user %s: subscribe to a guild the bot is not in: %v, want NOT_FOUND", user, f.Data)
		}
		d.subscribe(simGuild1) // a guild the bot is in still works
	}
	if r := e.do("GET", "/api/guilds/"+unknown+"/stats", simSuperuser, nil); r.status != 404 {
		t.Fatalf("the API answers %d for the same guild, want 404", r.status)
	}
}
