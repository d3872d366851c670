package core

import (
	"context"
	"fmt"
	"slices"
)

// DirectoryAccess is the real AccessChecker (contract section 5): superusers,
// the guild's owner, members with Administrator or Manage Server, and holders
// of a dashboard grant. It caches nothing itself: member data comes from the
// GuildDirectory (the bot's cache or a briefly cached fetch) and grants are
// read on every check, so a revoked grant takes effect at once. Only the
// list of a user's guilds is cached, briefly (see accessCache), and
// dropped on every grant, role or membership change.
type DirectoryAccess struct {
	cfg    *Config
	dir    func() GuildDirectory
	grants func() GrantStore
	cache  *accessCache
}

// NewDirectoryAccess returns the checker. dir returns the directory, or nil
// while no Discord component runs (then only superusers get in); grants
// returns the grant store, or nil when no plugin keeps grants.
func NewDirectoryAccess(cfg *Config, dir func() GuildDirectory, grants func() GrantStore) *DirectoryAccess {
	return &DirectoryAccess{cfg: cfg, dir: dir, grants: grants, cache: newAccessCache()}
}

// NewCoreAccess returns the checker of c: the directory the Discord
// component installs with SetDirectory (looked up on every check, so it
// may arrive after the checker is installed), and the core's own grants,
// which no plugin can turn off.
func NewCoreAccess(c *Core) *DirectoryAccess {
	return NewDirectoryAccess(c.cfg, coreDirectory(c), func() GrantStore { return c })
}

// Check implements AccessChecker.
func (d *DirectoryAccess) Check(ctx context.Context, userID, guildID string) (Access, error) {
	if d.cfg.IsSuperuser(userID) {
		return Access{Allowed: true, Reason: "superuser"}, nil
	}
	dir := d.dir()
	if guildID == GlobalRoom || dir == nil {
		return Access{Reason: "superusers only"}, nil
	}
	g, ok, err := dir.Guild(ctx, guildID)
	if err != nil {
		return Access{}, fmt.Errorf("access of %s to guild %s: %w", userID, guildID, err)
	}
	if !ok {
		return Access{Reason: "the bot is not in this guild"}, nil
	}
	if g.OwnerID == userID {
		return Access{Allowed: true, Reason: "owner"}, nil
	}
	m, err := dir.Member(ctx, guildID, userID)
	if err != nil {
		return Access{}, fmt.Errorf("access of %s to guild %s: member: %w", userID, guildID, err)
	}
	if m.IsMember && m.Permissions&PermAdministrator != 0 {
		return Access{Allowed: true, Reason: "administrator"}, nil
	}
	if m.IsMember && m.Permissions&PermManageGuild != 0 {
		return Access{Allowed: true, Reason: "manage_server"}, nil
	}
	var store GrantStore
	if d.grants != nil {
		store = d.grants()
	}
	if store == nil {
		return Access{Reason: "no access"}, nil
	}
	grants, err := store.GuildGrants(ctx, guildID)
	if err != nil {
		return Access{}, fmt.Errorf("access of %s to guild %s: grants: %w", userID, guildID, err)
	}
	var roles []string
	if m.IsMember {
		roles = m.Roles
	}
	if a, ok := grantAccess(grants, userID, roles); ok {
		return a, nil
	}
	return Access{Reason: "no access"}, nil
}

// InvalidateAccess implements AccessInvalidator.
func (d *DirectoryAccess) InvalidateAccess(string) { d.cache.invalidate() }

// Guilds implements AccessChecker: the bot's guilds the user may open.
func (d *DirectoryAccess) Guilds(ctx context.Context, userID string) ([]string, error) {
	dir := d.dir()
	if dir == nil {
		return nil, nil
	}
	ids, ok, gen := d.cache.get(userID)
	if ok {
		return slices.Clone(ids), nil
	}
	ids, err := d.guilds(ctx, dir, userID)
	if err != nil {
		return nil, err
	}
	d.cache.put(userID, slices.Clone(ids), gen)
	return ids, nil
}

func (d *DirectoryAccess) guilds(ctx context.Context, dir GuildDirectory, userID string) ([]string, error) {
	all, err := dir.Guilds(ctx)
	if err != nil {
		return nil, fmt.Errorf("guilds of %s: %w", userID, err)
	}
	var out []string
	for _, g := range all {
		a, err := d.Check(ctx, userID, g.ID)
		if err != nil {
			return nil, err
		}
		if a.Allowed {
			out = append(out, g.ID)
		}
	}
	return out, nil
}

// coreDirectory returns c's directory lookup; a Core built without a
// Discord registry has none.
func coreDirectory(c *Core) func() GuildDirectory {
	return func() GuildDirectory {
		if dc, ok := any(c).(interface{ Directory() GuildDirectory }); ok {
			return dc.Directory()
		}
		return nil
	}
}

var (
	_ AccessChecker     = (*DirectoryAccess)(nil)
	_ AccessInvalidator = (*DirectoryAccess)(nil)
)
