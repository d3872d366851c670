package discordsim_test

import (
	"strconv"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestWorldIsDeterministic(t *testing.T) {
	a := testenv.StartSim(t, discordsim.WithGuilds(3))
	b := testenv.StartSim(t, discordsim.WithGuilds(3))
	ga, gb := a.Guilds(), b.Guilds()
	if len(ga) != 3 || len(gb) != 3 {
		t.Fatalf("guilds = %d and %d, want 3", len(ga), len(gb))
	}
	for i := range ga {
		x, _ := a.Guild(ga[i])
		y, _ := b.Guild(gb[i])
		if x.ID != y.ID || x.Name != y.Name || len(x.Channels) != len(y.Channels) || len(x.Roles) != len(y.Roles) {
			t.Fatalf("guild %d differs between instances: %+v vs %+v", i, x, y)
		}
		for j := range x.Channels {
			if x.Channels[j].ID != y.Channels[j].ID {
				t.Fatalf("channel %s differs", x.Channels[j].Name)
			}
		}
	}
	// Fewer guilds keep the same ids for the ones they have.
	small := testenv.StartSim(t, discordsim.WithGuilds(1))
	if small.Guilds()[0] != ga[0] {
		t.Fatal("guild 1's id depends on the guild count")
	}
	if a.Token() != b.Token() || a.Token() == "" {
		t.Fatal("bot tokens differ")
	}
}

func TestWorldLayout(t *testing.T) {
	s := testenv.StartSim(t)
	g, ok := s.Guild(discordsim.GuildID(1))
	if !ok {
		t.Fatal("guild 1 missing")
	}
	if g.OwnerID != discordsim.UserID(1) {
		t.Fatalf("owner = %s", g.OwnerID)
	}
	perms := map[string]uint64{}
	for _, r := range g.Roles {
		p, _ := strconv.ParseUint(r.Permissions, 10, 64)
		perms[r.Name] = p
	}
	tests := []struct {
		role string
		bit  uint64
	}{
		{"Admin", 1 << 3},
		{"Moderator", 1 << 5},
	}
	for _, tc := range tests {
		if perms[tc.role]&tc.bit == 0 {
			t.Errorf("role %s lacks bit %d: %d", tc.role, tc.bit, perms[tc.role])
		}
	}
	kinds := map[int]int{}
	for _, c := range g.Channels {
		kinds[c.Type]++
	}
	if kinds[discordsim.ChannelCategory] < 3 || kinds[discordsim.ChannelText] < 5 || kinds[discordsim.ChannelVoice] < 2 {
		t.Fatalf("channel kinds = %v", kinds)
	}
	if n := len(s.Members(g.ID)); n < 30 {
		t.Fatalf("members = %d, want a few dozen", n)
	}
}
