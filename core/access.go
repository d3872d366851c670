package core

import (
	"context"
	"slices"
)

// Access is what a user may do in a guild.
type Access struct {
	// Allowed is true when the user may open the guild's dashboard and join
	// its room.
	Allowed bool `json:"allowed"`
	// Plugins limits the user to these plugins' events and routes; nil means
	// every plugin.
	Plugins []string `json:"plugins"`
	// Reason says why: superuser, owner, administrator, manage_server,
	// grant, or why not.
	Reason string `json:"reason"`
}

// AllowsPlugin reports whether the access covers a plugin's events and
// routes. A plugin-limited grant does not cover the core "dashboard" routes
// (settings and grants); the gateway still passes dashboard events to every
// member of the room.
func (a Access) AllowsPlugin(id string) bool {
	if !a.Allowed {
		return false
	}
	return a.Plugins == nil || slices.Contains(a.Plugins, id)
}

// AccessChecker decides who may see what (contract section 5). One checker
// serves the dashboard API and the gateway, and is asked again on every
// subscribe and every API call.
type AccessChecker interface {
	// Check returns the user's access to a guild (or to GlobalRoom).
	Check(ctx context.Context, userID, guildID string) (Access, error)
	// Guilds returns the ids of the guilds the user may open.
	Guilds(ctx context.Context, userID string) ([]string, error)
}

// superuserAccess lets superusers in everywhere and nobody else; it is the
// checker until a fuller one is set with Core.SetAccess.
type superuserAccess struct{ cfg *Config }

func (s superuserAccess) Check(_ context.Context, userID, guildID string) (Access, error) {
	if s.cfg.IsSuperuser(userID) {
		return Access{Allowed: true, Reason: "superuser"}, nil
	}
	return Access{Reason: "no access"}, nil
}

func (s superuserAccess) Guilds(context.Context, string) ([]string, error) { return nil, nil }
