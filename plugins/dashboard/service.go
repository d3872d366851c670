package dashboard

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/warden-bot/warden/core"
)

// GuildGrants implements core.GrantStore. It reads the store every time:
// nothing is cached, so a removed grant stops working at once.
func (p *Plugin) GuildGrants(ctx context.Context, guildID string) ([]core.Grant, error) {
	return p.grants.list(ctx, guildID)
}

// RecordAudit implements core.AuditLog.
func (p *Plugin) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return p.audit.insert(ctx, e)
}

// GrantRequest is the body of POST .../dashboard/grants.
type GrantRequest struct {
	UserID  string   `json:"userId"`
	RoleID  string   `json:"roleId"`
	Plugins []string `json:"plugins"`
}

func (p *Plugin) validateGrant(req GrantRequest) error {
	if (req.UserID == "") == (req.RoleID == "") {
		return core.BadRequest("give exactly one of userId and roleId")
	}
	for _, id := range []string{req.UserID, req.RoleID} {
		if id != "" && !core.IsSnowflake(id) {
			return core.BadRequest("%q is not a Discord id", id)
		}
	}
	if req.Plugins != nil && len(req.Plugins) == 0 {
		return core.BadRequest("plugins: give at least one plugin, or null for all")
	}
	if len(req.Plugins) > 64 {
		return core.BadRequest("plugins: at most 64")
	}
	for _, id := range req.Plugins {
		if _, ok := core.LookupPlugin(id); !ok {
			return core.BadRequest("plugins: no plugin %q", id)
		}
	}
	return nil
}

// AddGrant stores a grant, then broadcasts dashboard:permissions_updated.
func (p *Plugin) AddGrant(ctx context.Context, guildID string, req GrantRequest, by string) (core.Grant, error) {
	if err := p.validateGrant(req); err != nil {
		return core.Grant{}, err
	}
	n, err := p.grants.count(ctx, guildID)
	if err != nil {
		return core.Grant{}, err
	}
	if n >= maxGrantsPerGuild {
		return core.Grant{}, core.BadRequest("a guild may have at most %d grants; remove one first", maxGrantsPerGuild)
	}
	var plugins []string
	if req.Plugins != nil {
		plugins = slices.Clone(req.Plugins)
		slices.Sort(plugins)
		plugins = slices.Compact(plugins)
	}
	rec := &grantRecord{GuildID: guildID, UserID: req.UserID, RoleID: req.RoleID,
		Plugins: plugins, CreatedBy: by, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if err := p.grants.insert(ctx, rec); err != nil {
		return core.Grant{}, err
	}
	g := rec.grant()
	core.NoteChange(ctx, "grant.create", nil, g)
	p.permissionsUpdated(guildID, "granted", g, by)
	return g, nil
}

// RemoveGrant deletes a grant, then broadcasts dashboard:permissions_updated
// so that gateways recheck the room's members.
func (p *Plugin) RemoveGrant(ctx context.Context, guildID, id, by string) error {
	g, err := p.grants.remove(ctx, guildID, id)
	if err != nil {
		return err
	}
	core.NoteChange(ctx, "grant.delete", g, nil)
	p.permissionsUpdated(guildID, "revoked", g, by)
	return nil
}

func (p *Plugin) permissionsUpdated(guildID, action string, g core.Grant, by string) {
	data := map[string]any{"action": action, "grant": g, "updatedBy": by}
	if err := p.pc.Broadcast(guildID, core.EventPermissionsUpdated, data); err != nil {
		p.pc.Logger.Error("broadcast permissions update", "guild", guildID, "err", fmt.Errorf("grant %s: %w", g.ID, err))
	}
}

// SaveSettings saves the guild's settings from a request body, then
// broadcasts dashboard:settings_updated with the saved document.
func (p *Plugin) SaveSettings(ctx context.Context, guildID string, body []byte, by string) (core.ConfigDoc, error) {
	saved, prev, err := p.settings.PutJSON(ctx, guildID, body, by)
	if err != nil {
		return nil, err
	}
	core.NoteChange(ctx, "settings.update", prev, saved)
	if err := p.pc.Broadcast(guildID, core.EventSettingsUpdated, saved); err != nil {
		p.pc.Logger.Error("broadcast settings update", "guild", guildID, "err", err)
	}
	return saved, nil
}
