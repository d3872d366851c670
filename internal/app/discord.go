package app

import "github.com/warden-bot/warden/internal/discordbot"

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
	a.Add(discordbot.NewDiscord(a.Core, discordbot.DiscordOptions{}))
	return nil
}

// Discord returns the running Discord component (in demo mode, the one
// connected to the simulated Discord); nil when none was wired or before
// Start.
func (a *App) Discord() *discordbot.Discord {
	switch p := a.Parts["discord"].(type) {
	case *discordbot.Discord:
		return p
	case *demo:
		return p.Discord()
	}
	return nil
}
