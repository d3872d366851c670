package plugintest

import (
	"context"
	"slices"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// The simulated world's fixed users: Owner owns every guild and is a
// superuser; Moderator holds the Moderator role (Kick, Ban, Moderate
// Members, Manage Server). Every other member holds the Member role;
// Guild.Member finds them by name ("alex", "sam", ...).
var (
	Owner     = discordsim.UserID(1)
	Moderator = discordsim.UserID(2)
)

// Guild is one simulated guild: channels, roles and members with fixed
// names and ids.
type Guild struct {
	w *Warden
	// ID is the guild's id.
	ID discordsim.ID
}

// Guild returns the n-th simulated guild (from 1).
func (w *Warden) Guild(t testing.TB, n int) *Guild {
	t.Helper()
	id := discordsim.GuildID(n)
	if _, ok := w.Sim.Guild(id); !ok {
		t.Fatalf("plugintest: the simulator has no guild %d", n)
	}
	return &Guild{w: w, ID: id}
}

func (g *Guild) state(t testing.TB) discordsim.Guild {
	t.Helper()
	s, ok := g.w.Sim.Guild(g.ID)
	if !ok {
		t.Fatalf("plugintest: guild %s is gone", g.ID)
	}
	return s
}

// Channel returns the id of the guild's channel with that name ("general",
// "mod-log", "suggestions", ...).
func (g *Guild) Channel(t testing.TB, name string) discordsim.ID {
	t.Helper()
	s := g.state(t)
	ch, ok := s.ChannelByName(name)
	if !ok {
		t.Fatalf("plugintest: guild %s has no channel #%s", g.ID, name)
	}
	return ch.ID
}

// Role returns the id of the guild's role with that name ("Admin",
// "Moderator", "Member", or one CreateRole made).
func (g *Guild) Role(t testing.TB, name string) discordsim.ID {
	t.Helper()
	for _, r := range g.state(t).Roles {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("plugintest: guild %s has no role %q", g.ID, name)
	return 0
}

// Member returns the id of the member with that user name.
func (g *Guild) Member(t testing.TB, name string) discordsim.ID {
	t.Helper()
	for _, id := range g.w.Sim.Members(g.ID) {
		if m, ok := g.w.Sim.Member(g.ID, id); ok && m.User.Username == name {
			return id
		}
	}
	t.Fatalf("plugintest: guild %s has no member named %q", g.ID, name)
	return 0
}

// CreateRole adds a role at position with the given permission bits.
func (g *Guild) CreateRole(t testing.TB, name string, position int, permissions uint64) discordsim.ID {
	t.Helper()
	id, err := g.w.Sim.CreateRole(g.ID, name, position, permissions)
	if err != nil {
		t.Fatalf("plugintest: %v", err)
	}
	return id
}

// SetRoles replaces a member's roles on Discord and waits until the bot's
// cache (and so every access and hierarchy check) sees them.
func (g *Guild) SetRoles(t testing.TB, user discordsim.ID, roles ...discordsim.ID) {
	t.Helper()
	if err := g.w.Sim.SetMemberRoles(g.ID, user, roles...); err != nil {
		t.Fatalf("plugintest: %v", err)
	}
	want := make([]string, len(roles))
	for i, r := range roles {
		want[i] = r.String()
	}
	slices.Sort(want)
	Eventually(t, "the bot's cache to see the roles of "+user.String(), func() bool {
		m, err := g.w.Core.Directory().Member(context.Background(), g.ID.String(), user.String())
		got := slices.Clone(m.Roles)
		slices.Sort(got)
		return err == nil && m.IsMember && slices.Equal(got, want)
	})
}

// DMs returns what the bot has sent the user by direct message so far.
func (g *Guild) DMs(t testing.TB, user discordsim.ID) []string {
	t.Helper()
	ch, err := g.w.Sim.DMChannel(user)
	if err != nil {
		t.Fatalf("plugintest: %v", err)
	}
	var out []string
	for _, m := range g.w.Sim.Messages(ch) {
		out = append(out, m.Content)
	}
	return out
}
