package core_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

// fakeDirectory is a bot in some guilds with no members of note.
type fakeDirectory struct{ guilds []string }

func (f fakeDirectory) Guilds(context.Context) ([]core.GuildSummary, error) {
	var out []core.GuildSummary
	for _, id := range f.guilds {
		out = append(out, core.GuildSummary{ID: id, OwnerID: "1"})
	}
	return out, nil
}

func (f fakeDirectory) Guild(_ context.Context, id string) (core.GuildSummary, bool, error) {
	return core.GuildSummary{ID: id, OwnerID: "1"}, slices.Contains(f.guilds, id), nil
}

func (f fakeDirectory) Member(context.Context, string, string) (core.MemberInfo, error) {
	return core.MemberInfo{IsMember: true}, nil
}

// countingGrants counts reads, like the store reads each check costs.
type countingGrants struct {
	mu     sync.Mutex
	reads  int
	grants map[string][]core.Grant
}

func (c *countingGrants) GuildGrants(_ context.Context, guild string) ([]core.Grant, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	return c.grants[guild], nil
}

func (c *countingGrants) set(guild string, gs []core.Grant) {
	c.mu.Lock()
	c.grants[guild] = gs
	c.mu.Unlock()
}

func (c *countingGrants) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// A user's guild list is computed once and reused briefly; a grant change
// (or the time running out) makes the next list fresh, and single checks
// are never served from the cache.
func TestGuildListCachedAndInvalidated(t *testing.T) {
	const user, g1, g2 = "500000000000000001", "300000000000000001", "300000000000000002"
	cfg := &core.Config{}
	grants := &countingGrants{grants: map[string][]core.Grant{g1: {{ID: "a", UserID: user}}}}
	dir := fakeDirectory{guilds: []string{g1, g2}}
	acc := core.NewDirectoryAccess(cfg, func() core.GuildDirectory { return dir }, func() core.GrantStore { return grants })
	now := time.Unix(1_700_000_000, 0)
	var clockMu sync.Mutex
	core.SetAccessClock(acc, func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now })
	ctx := context.Background()
	list := func() []string {
		t.Helper()
		ids, err := acc.Guilds(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := list(); !slices.Equal(got, []string{g1}) {
		t.Fatalf("guilds = %v, want [%s]", got, g1)
	}
	reads := grants.count()
	for range 100 {
		list()
	}
	if grants.count() != reads {
		t.Fatalf("100 more lists read grants %d times, want 0", grants.count()-reads)
	}

	grants.set(g2, []core.Grant{{ID: "b", UserID: user}})
	if a, _ := acc.Check(ctx, user, g2); !a.Allowed {
		t.Fatal("Check was answered from a cache: the new grant is not seen")
	}
	acc.InvalidateAccess(g2)
	if got := list(); !slices.Equal(got, []string{g1, g2}) {
		t.Fatalf("after a grant and its invalidation: %v, want both guilds", got)
	}

	grants.set(g1, nil)
	clockMu.Lock()
	now = now.Add(11 * time.Second)
	clockMu.Unlock()
	if got := list(); !slices.Equal(got, []string{g2}) {
		t.Fatalf("after the cache expired: %v, want [%s]", got, g2)
	}
}
