package modmail

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"github.com/warden-bot/warden/core"
)

// ID is the plugin's id: its events, collections and routes carry it.
const ID = "modmail"

func init() {
	core.RegisterPlugin(core.PluginInfo{
		ID:          ID,
		Name:        "Modmail",
		Description: "Members DM the bot to reach staff: a channel per conversation, replies, notes, claims, scheduled closes and searchable logs.",
		New:         func() core.Plugin { return new(Plugin) },
	})
}

// Plugin is the modmail plugin. Its exported fields are its block in the
// process config (plugins.modmail.config), decoded strictly.
type Plugin struct {
	// SweepInterval is how often the scheduler looks for due closes,
	// inactivity warnings and interrupted openings. Zero means 10s.
	SweepInterval time.Duration `yaml:"sweepInterval"`

	pc  *core.Context
	svc *Service
}

// PluginInfo implements core.Plugin.
func (p *Plugin) PluginInfo() core.PluginInfo {
	info, _ := core.LookupPlugin(ID)
	return info
}

// Events implements core.EventDeclarer.
func (p *Plugin) Events() []core.EventSpec { return events() }

// Provision implements core.Provisioner.
func (p *Plugin) Provision(pc *core.Context) error {
	if p.SweepInterval == 0 {
		p.SweepInterval = 10 * time.Second
	}
	p.pc = pc
	var err error
	if p.svc, err = NewService(pc); err != nil {
		return err
	}
	return nil
}

// Validate implements core.Validator.
func (p *Plugin) Validate() error {
	if p.SweepInterval < 10*time.Millisecond || p.SweepInterval > time.Hour {
		return core.BadRequest("sweepInterval: must be between 10ms and 1h, got %s", p.SweepInterval)
	}
	return nil
}

// Start implements core.Starter: the scheduler and the stats loop
// (core.StatsLoop) run in goroutines the core owns and stops. The
// scheduler (scheduled and inactivity closes, close on leave) runs on one
// instance of a deployment at a time (core.Context.SweepLeased); its
// closes are version-checked besides, so a close fires once.
func (p *Plugin) Start(context.Context) error {
	p.pc.SweepLeased("scheduler", p.SweepInterval, p.svc.Sweep)
	p.svc.stats.Start()
	return nil
}

// GuildConfig implements core.GuildConfigurer.
func (p *Plugin) GuildConfig() core.ConfigStore { return p.svc.config }

// ConfigSchema implements core.ConfigSchemer.
func (p *Plugin) ConfigSchema() core.ConfigSchema { return core.SchemaOf(Config{}) }

// Service returns the plugin's domain service.
func (p *Plugin) Service() *Service { return p.svc }

//go:embed web
var webFiles embed.FS

// Web implements core.WebPager: web/page.js.
func (p *Plugin) Web() fs.FS {
	files, _ := fs.Sub(webFiles, "web")
	return files
}

var (
	_ core.Plugin          = (*Plugin)(nil)
	_ core.EventDeclarer   = (*Plugin)(nil)
	_ core.Provisioner     = (*Plugin)(nil)
	_ core.Validator       = (*Plugin)(nil)
	_ core.Starter         = (*Plugin)(nil)
	_ core.GuildConfigurer = (*Plugin)(nil)
	_ core.ConfigSchemer   = (*Plugin)(nil)
	_ core.WebPager        = (*Plugin)(nil)
)
