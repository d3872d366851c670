package core

import (
	"context"
	"slices"
	"time"
)

// Grant gives a user, or every member with a role, access to a guild's
// dashboard, optionally limited to some plugins.
type Grant struct {
	// ID identifies the grant within its guild.
	ID string `json:"id"`
	// GuildID is the guild the grant is for.
	GuildID string `json:"-"`
	// UserID or RoleID (exactly one) says who holds it.
	UserID string `json:"userId,omitempty"`
	RoleID string `json:"roleId,omitempty"`
	// Plugins limits the grant to these plugins; nil means all.
	Plugins []string `json:"plugins"`
	// CreatedBy and CreatedAt record who added it and when.
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

// GrantStore reads a guild's grants. The core implements it (grants are
// the core's, see grants.go); the access checker asks it on every check,
// so a removed grant stops working at once.
type GrantStore interface {
	GuildGrants(ctx context.Context, guildID string) ([]Grant, error)
}

// grantAccess folds the grants that apply to a member into one Access. Any
// unlimited grant wins; otherwise the plugin lists are merged.
func grantAccess(grants []Grant, userID string, roles []string) (Access, bool) {
	var plugins []string
	matched := false
	for _, g := range grants {
		if !(g.UserID != "" && g.UserID == userID) && !(g.RoleID != "" && slices.Contains(roles, g.RoleID)) {
			continue
		}
		if g.Plugins == nil {
			return Access{Allowed: true, Reason: "grant"}, true
		}
		matched = true
		for _, p := range g.Plugins {
			if !slices.Contains(plugins, p) {
				plugins = append(plugins, p)
			}
		}
	}
	if !matched {
		return Access{}, false
	}
	slices.Sort(plugins)
	if plugins == nil {
		plugins = []string{}
	}
	return Access{Allowed: true, Plugins: plugins, Reason: "grant"}, true
}
