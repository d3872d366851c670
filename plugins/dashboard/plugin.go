package dashboard

import (
	"github.com/warden-bot/warden/core"
)

func init() {
	core.RegisterPlugin(core.PluginInfo{
		ID:          core.DashboardPlugin,
		Name:        "Dashboard",
		Description: "Each guild's dashboard settings (locale, timezone, date format).",
		New:         func() core.Plugin { return &Plugin{} },
	})
}

// Plugin is the dashboard plugin. It has no config block.
type Plugin struct {
	pc       *core.Context
	settings *core.GuildConfig[Settings, *Settings]
}

// PluginInfo implements core.Plugin.
func (p *Plugin) PluginInfo() core.PluginInfo {
	info, _ := core.LookupPlugin(core.DashboardPlugin)
	return info
}

// Provision implements core.Provisioner.
func (p *Plugin) Provision(pc *core.Context) error {
	p.pc = pc
	p.settings = core.NewGuildConfig[Settings](pc, defaultSettings).Event(core.EventSettingsUpdated)
	return nil
}

// Settings returns the settings store, for other parts that read them.
func (p *Plugin) Settings() *core.GuildConfig[Settings, *Settings] { return p.settings }

var (
	_ core.Provisioner = (*Plugin)(nil)
	_ core.APIMounter  = (*Plugin)(nil)
)
