package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// grantsCollection keeps the dashboard grants. The name predates the core
// owning them (the dashboard plugin kept them), so existing grants stay.
const grantsCollection = "dashboard_grants"

// MaxGrantsPerGuild bounds a guild's grants so that every access check
// stays one small read.
const MaxGrantsPerGuild = 200

type grantRecord struct {
	store.Meta
	GuildID   string    `json:"guildId"`
	UserID    string    `json:"userId,omitempty"`
	RoleID    string    `json:"roleId,omitempty"`
	Plugins   []string  `json:"plugins"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

var grantIndexes = []store.Index{{Name: "guild_created", Fields: []string{"guildId", "createdAt"}}}

func (r grantRecord) grant() Grant {
	return Grant{ID: r.ID, GuildID: r.GuildID, UserID: r.UserID, RoleID: r.RoleID,
		Plugins: r.Plugins, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

// GrantRequest is the body of POST /api/guilds/{guildId}/dashboard/grants.
type GrantRequest struct {
	UserID  string   `json:"userId"`
	RoleID  string   `json:"roleId"`
	Plugins []string `json:"plugins"`
}

func (req GrantRequest) validate() error {
	if (req.UserID == "") == (req.RoleID == "") {
		return BadRequest("give exactly one of userId and roleId")
	}
	for _, id := range []string{req.UserID, req.RoleID} {
		if id != "" && !IsSnowflake(id) {
			return BadRequest("%q is not a Discord id", id)
		}
	}
	if req.Plugins != nil && len(req.Plugins) == 0 {
		return BadRequest("plugins: give at least one plugin, or null for all")
	}
	if len(req.Plugins) > 64 {
		return BadRequest("plugins: at most 64")
	}
	for _, id := range req.Plugins {
		if _, ok := LookupPlugin(id); !ok {
			return BadRequest("plugins: no plugin %q", id)
		}
	}
	return nil
}

// GuildGrants implements GrantStore: a guild's grants, oldest first. It
// reads the store every time, so a removed grant stops working at once.
func (c *Core) GuildGrants(ctx context.Context, guildID string) ([]Grant, error) {
	recs, err := c.coll.grants.Find(ctx, store.Where("guildId", guildID).OrderBy("createdAt").Limit(MaxGrantsPerGuild))
	if err != nil {
		return nil, fmt.Errorf("grants of guild %s: %w", guildID, err)
	}
	out := make([]Grant, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.grant())
	}
	return out, nil
}

// AddGrant stores a grant (and its audit entry, in an API request), then
// broadcasts dashboard:permissions_updated.
func (c *Core) AddGrant(ctx context.Context, guildID string, req GrantRequest, by string) (Grant, error) {
	if err := req.validate(); err != nil {
		return Grant{}, err
	}
	n, err := c.coll.grants.Count(ctx, store.Where("guildId", guildID))
	if err != nil {
		return Grant{}, fmt.Errorf("count grants of guild %s: %w", guildID, err)
	}
	if n >= MaxGrantsPerGuild {
		return Grant{}, BadRequest("a guild may have at most %d grants; remove one first", MaxGrantsPerGuild)
	}
	var plugins []string
	if req.Plugins != nil {
		plugins = slices.Clone(req.Plugins)
		slices.Sort(plugins)
		plugins = slices.Compact(plugins)
	}
	rec := &grantRecord{GuildID: guildID, UserID: req.UserID, RoleID: req.RoleID,
		Plugins: plugins, CreatedBy: by, CreatedAt: c.now().UTC().Truncate(time.Millisecond)}
	err = c.auditedWrite(ctx, guildID, DashboardPlugin, "grant.create", 201, func(ctx context.Context) (any, any, error) {
		if err := c.coll.grants.Insert(ctx, rec); err != nil {
			return nil, nil, fmt.Errorf("add grant in guild %s: %w", guildID, err)
		}
		return nil, rec.grant(), nil
	})
	if err != nil {
		return Grant{}, err
	}
	g := rec.grant()
	c.permissionsUpdated(guildID, "granted", g, by)
	return g, nil
}

// RemoveGrant deletes a grant, then broadcasts dashboard:permissions_updated
// so that gateways recheck the room's members.
func (c *Core) RemoveGrant(ctx context.Context, guildID, id, by string) error {
	var g Grant
	err := c.auditedWrite(ctx, guildID, DashboardPlugin, "grant.delete", 204, func(ctx context.Context) (any, any, error) {
		rec, err := c.coll.grants.Get(ctx, id)
		if err == nil && rec.GuildID != guildID {
			err = store.ErrNotFound
		}
		if err == nil {
			rec, err = c.coll.grants.Delete(ctx, id, rec.Version)
		}
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) {
			return nil, nil, Errorf(CodeNotFound, "grant %q of guild %s does not exist", id, guildID)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("remove grant %s of guild %s: %w", id, guildID, err)
		}
		g = rec.grant()
		return g, nil, nil
	})
	if err != nil {
		return err
	}
	c.permissionsUpdated(guildID, "revoked", g, by)
	return nil
}

func (c *Core) permissionsUpdated(guildID, action string, g Grant, by string) {
	data := map[string]any{"action": action, "grant": g, "updatedBy": by}
	if err := c.Broadcast(guildID, EventPermissionsUpdated, data); err != nil {
		c.log.Error("broadcast permissions update", "guild", guildID, "err", fmt.Errorf("grant %s: %w", g.ID, err))
	}
}

var _ GrantStore = (*Core)(nil)
