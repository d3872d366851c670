package dashboardapi_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestStatsFigures(t *testing.T) {
	e := start(t, nil)
	ctx := context.Background()
	now := time.Now().UTC()
	rec := func(kind, user, guild string, at time.Time) {
		t.Helper()
		if err := e.core.RecordActivity(ctx, core.Activity{Type: core.ActivitySuccess, Kind: kind, Message: kind + " run",
			GuildID: guild, UserID: user, Timestamp: at}); err != nil {
			t.Fatal(err)
		}
	}
	rec("command", ownerID, guildID, now.Add(-time.Minute))
	rec("command", adminID, guildID, now.Add(-2*time.Minute))
	rec("command", adminID, otherGuild, now.Add(-3*time.Minute))
	rec("infraction", adminID, guildID, now.Add(-4*time.Minute))
	var d struct {
		Guilds           struct{ Count int64 }
		Users            struct{ Active int64 }
		Commands         struct{ Total int64 }
		RecentEvents     []struct{ Type, Message string }
		ActivityOverview []struct{ Commands, Events int64 }
	}
	e.do("GET", "/api/stats", superuser, nil).decode(t, &d)
	var cmds, evs int64
	for _, p := range d.ActivityOverview {
		cmds += p.Commands
		evs += p.Events
	}
	// Records made in the last minutes fall in this month unless the test
	// runs in the first minutes of a month.
	if now.Day() != 1 || now.Hour() > 0 {
		if d.Commands.Total != 3 || d.Users.Active != 2 {
			t.Fatalf("commands %d users %d: %+v", d.Commands.Total, d.Users.Active, d)
		}
	}
	if d.Guilds.Count != 2 || len(d.ActivityOverview) != 24 || cmds != 3 || evs != 4 || len(d.RecentEvents) != 4 || d.RecentEvents[0].Type != "success" {
		t.Fatalf("stats: %+v", d)
	}
	var g struct {
		GuildID  string
		Commands struct{ Total int64 }
	}
	e.do("GET", "/api/guilds/"+guildID+"/stats", ownerID, nil).decode(t, &g)
	if g.GuildID != guildID || (now.Day() != 1 && g.Commands.Total != 2) {
		t.Fatalf("guild stats: %+v", g)
	}
}

// dashboard:stats_updated has one sender (the API's stats loop) and one
// payload: the whole DashboardStats document, so the latest event kept
// by the bus's coalescing is always complete.
func TestStatsUpdatedHasOneShape(t *testing.T) {
	e := start(t, nil)
	var evs []core.Event
	testenv.Eventually(t, 20*time.Second, "a dashboard:stats_updated in room global", func() bool {
		evs = e.events(core.GlobalRoom)
		return len(evs) > 0
	})
	for _, ev := range evs {
		if ev.Name != core.EventStatsUpdated {
			continue
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(ev.Data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"guilds", "users", "commands", "ping", "recentEvents", "activityOverview"} {
			if _, ok := doc[key]; !ok {
				t.Fatalf("stats_updated without %q: %s", key, ev.Data)
			}
		}
	}
}
