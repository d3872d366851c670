package tickets

import (
	"context"
	"time"

	"github.com/warden-bot/warden/core"
)

// ID is the plugin's id: its events, collections and routes carry it.
const ID = "tickets"

func init() {
	core.RegisterPlugin(core.PluginInfo{
		ID:          ID,
		Name:        "Tickets",
		Description: "Support tickets opened from panels, handled in Discord and on the dashboard, with transcripts and auto-close.",
		New:         func() core.Plugin { return new(Plugin) },
	})
}

// Plugin is the tickets plugin. Its exported fields are its block in the
// process config (plugins.tickets.config), decoded strictly.
type Plugin struct {
	// SweepInterval is how often the scheduler looks for tickets due a
	// warning or an auto-close, and for interrupted openings. Zero means
	// 30s.
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
		p.SweepInterval = 30 * time.Second
	}
	p.pc = pc
	var err error
	p.svc, err = NewService(pc)
	return err
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
// scheduler (inactivity warnings and closes) runs on one instance of a
// deployment at a time (core.Context.SweepLeased); its closes are
// version-checked besides.
func (p *Plugin) Start(context.Context) error {
	p.pc.SweepLeased("scheduler", p.SweepInterval, p.svc.Sweep)
	p.svc.stats.Start()
	return nil
}

// GuildConfig implements core.GuildConfigurer.
func (p *Plugin) GuildConfig() core.ConfigStore { return p.svc.config }

// Service returns the plugin's domain service.
func (p *Plugin) Service() *Service { return p.svc }

var (
	_ core.Plugin          = (*Plugin)(nil)
	_ core.EventDeclarer   = (*Plugin)(nil)
	_ core.Provisioner     = (*Plugin)(nil)
	_ core.Validator       = (*Plugin)(nil)
	_ core.Starter         = (*Plugin)(nil)
	_ core.GuildConfigurer = (*Plugin)(nil)
)
