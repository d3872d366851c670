package discordsim

import (
	"fmt"
	"slices"
)

// Scenario steps that change a guild's roles, as a server admin would in
// Discord's client: tests use them to set up a role hierarchy.

// CreateRole adds a role with the given position and permission bits to a
// guild and dispatches GUILD_ROLE_CREATE. Unlike Discord, the simulator
// does not shift the other roles: two roles may share a position.
func (s *Server) CreateRole(guildID ID, name string, position int, permissions uint64) (ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return 0, fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	if name == "" || len(name) > 100 || position < 1 {
		return 0, fmt.Errorf("discordsim: a role needs a name of 1-100 bytes and a position of at least 1")
	}
	r := &Role{ID: s.newIDLocked(kindRole), Name: name, Position: position, Permissions: permString(permissions)}
	g.Roles = append(g.Roles, r)
	s.dispatchLocked(g.ID, intentGuilds, "GUILD_ROLE_CREATE", map[string]any{"guild_id": g.ID, "role": r})
	return r.ID, nil
}

// SetMemberRoles replaces a member's roles and dispatches
// GUILD_MEMBER_UPDATE.
func (s *Server) SetMemberRoles(guildID, userID ID, roles ...ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, err := s.memberLocked(guildID, userID)
	if err != nil {
		return err
	}
	for _, id := range roles {
		if !slices.ContainsFunc(g.Roles, func(r *Role) bool { return r.ID == id }) || id == g.ID {
			return fmt.Errorf("discordsim: guild %s has no assignable role %s", guildID, id)
		}
	}
	m.Roles = slices.Clone(roles)
	if m.Roles == nil {
		m.Roles = []ID{}
	}
	s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_UPDATE", memberWithGuild(g, m))
	return nil
}
