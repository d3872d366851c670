package app

import "github.com/warden-bot/warden/core"

func init() { addWiring(10, "discord", wireDiscord) }

// wireDiscord adds the Discord component: against Discord itself, or in
// demo mode against the simulated Discord, which the demo component starts
// first (with its activity generator) and points the client at.
func wireDiscord(a *App) error {
	cfg := a.Core.Config()
	if cfg.Demo.Enabled {
		a.Add(newDemo(a.Core))
		return nil
	}
	a.Add(core.NewDiscord(a.Core, core.DiscordOptions{}))
	return nil
}
