package e2e

import (
	"github.com/warden-bot/warden/core"
)

// greeter is a test-only plugin with a guild config, a declared form
// (core.ConfigSchemer) and no page of its own: the dashboard draws its
// settings page from the declaration alone.
type greeter struct {
	cfg *core.GuildConfig[greeterConfig, *greeterConfig]
}

type greeterConfig struct {
	core.ConfigMeta
	Enabled   bool   `json:"enabled" label:"Greet newcomers" help:"Post a welcome message when someone joins."`
	ChannelID string `json:"channelId" label:"Welcome channel" widget:"channel" channel:"text"`
	Message   string `json:"message" label:"Welcome message" widget:"textarea" maxlen:"200"`
	MaxPerDay int    `json:"maxPerDay" label:"Greetings per day" min:"1" max:"50"`
}

func init() {
	core.RegisterPlugin(core.PluginInfo{ID: "greeter", Name: "Greeter", Description: "Test-only: a settings page from its declaration.",
		New: func() core.Plugin { return new(greeter) }})
}

func (g *greeter) PluginInfo() core.PluginInfo {
	info, _ := core.LookupPlugin("greeter")
	return info
}

func (g *greeter) Provision(pc *core.Context) error {
	g.cfg = core.NewGuildConfig[greeterConfig](pc, func(string) greeterConfig { return greeterConfig{MaxPerDay: 10} })
	return nil
}

func (g *greeter) Events() []core.EventSpec {
	return []core.EventSpec{{Name: "greeter:config_updated", Description: "The greeter's settings were saved.", Example: greeterConfig{MaxPerDay: 10},
		Sentence: "The greeter's settings were saved", Link: "p/greeter"}}
}

func (g *greeter) GuildConfig() core.ConfigStore { return g.cfg }

func (g *greeter) ConfigSchema() core.ConfigSchema { return core.SchemaOf(greeterConfig{}) }

var (
	_ core.Provisioner     = (*greeter)(nil)
	_ core.EventDeclarer   = (*greeter)(nil)
	_ core.GuildConfigurer = (*greeter)(nil)
	_ core.ConfigSchemer   = (*greeter)(nil)
)

// Validate implements the config's own check, naming the field.
func (c *greeterConfig) Validate() error {
	if c.MaxPerDay < 1 || c.MaxPerDay > 50 {
		return core.BadRequest("maxPerDay: must be 1-50")
	}
	return nil
}
