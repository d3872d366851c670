package app

import "github.com/warden-bot/warden/wsgateway"

// The live-update gateway starts after Discord and the dashboard API, and
// stops before them, so clients are told to reconnect (1001) first.
func init() {
	addWiring(30, "gateway", func(a *App) error {
		a.Add(wsgateway.New(a.Core))
		return nil
	})
}
