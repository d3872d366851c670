package dashboard

import (
	"github.com/warden-bot/warden/core"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func init() {
	core.RegisterPlugin(core.PluginInfo{
		ID:          core.DashboardPlugin,
		Name:        "Dashboard",
		Description: "Dashboard settings, access grants and the audit log of dashboard changes.",
		New:         func() core.Plugin { return &Plugin{} },
	})
}

// Plugin is the dashboard plugin. It has no config block.
type Plugin struct {
	pc       *core.Context
	settings *core.GuildConfig[Settings, *Settings]
	grants   *grantStore
	audit    *auditStore
}

// PluginInfo implements core.Plugin.
func (p *Plugin) PluginInfo() core.PluginInfo {
	info, _ := core.LookupPlugin(core.DashboardPlugin)
	return info
}

// Provision implements core.Provisioner.
func (p *Plugin) Provision(pc *core.Context) error {
	p.pc = pc
	p.settings = core.NewGuildConfig[Settings](pc, defaultSettings)
	p.grants = &grantStore{coll: pc.Collection(grantsCollection)}
	p.audit = &auditStore{coll: pc.Collection(auditCollection)}
	return nil
}

// Indexes implements core.IndexDeclarer.
func (p *Plugin) Indexes() []core.IndexSpec {
	return []core.IndexSpec{
		{Collection: grantsCollection, Keys: bson.D{{Key: "guildId", Value: 1}}},
		{Collection: auditCollection, Keys: bson.D{{Key: "guildId", Value: 1}, {Key: "_id", Value: -1}}},
	}
}

// Settings returns the settings store, for other parts that read them.
func (p *Plugin) Settings() *core.GuildConfig[Settings, *Settings] { return p.settings }

var (
	_ core.Provisioner   = (*Plugin)(nil)
	_ core.IndexDeclarer = (*Plugin)(nil)
	_ core.APIMounter    = (*Plugin)(nil)
	_ core.GrantStore    = (*Plugin)(nil)
	_ core.AuditLog      = (*Plugin)(nil)
)
