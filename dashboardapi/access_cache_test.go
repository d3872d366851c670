package dashboardapi_test

import (
	"net/http"
	"slices"
	"testing"
)

// The guild list is cached briefly (core.DirectoryAccess), but a grant
// added or removed through the API shows in the holder's next list and
// next gateway auth at once.
func TestGuildListFollowsGrantsAtOnce(t *testing.T) {
	e := startSim(t)
	member := simUser(5)
	listed := func() bool {
		t.Helper()
		var guilds []struct{ ID string }
		r := e.do("GET", "/api/guilds", member, nil)
		if r.status != http.StatusOK {
			t.Fatalf("guilds: %d %s", r.status, r.body)
		}
		r.decode(t, &guilds)
		return slices.ContainsFunc(guilds, func(g struct{ ID string }) bool { return g.ID == simGuild1 })
	}
	authed := func() bool {
		t.Helper()
		f := e.openDashboard(t, member).last
		gs, _ := f.Data["guilds"].([]any)
		return slices.Contains(gs, any(simGuild1))
	}
	if listed() || authed() {
		t.Fatal("a plain member lists the guild before any grant")
	}
	id := e.grant(t, map[string]any{"userId": member})
	if !listed() || !authed() {
		t.Fatal("the new grant is not in the member's next list")
	}
	if r := e.do("DELETE", "/api/guilds/"+simGuild1+"/dashboard/grants/"+id, simUser(1), nil); r.status != http.StatusNoContent {
		t.Fatalf("delete grant: %d %s", r.status, r.body)
	}
	if listed() || authed() {
		t.Fatal("the removed grant is still in the member's next list")
	}
}
