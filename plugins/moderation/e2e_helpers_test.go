package moderation_test

import (
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	_ "github.com/warden-bot/warden/plugins/dashboard"
	"github.com/warden-bot/warden/plugins/moderation"
)

// world is Warden run by the plugin test kit, with moderation's guild, its
// channels and the plugin's service at hand.
type world struct {
	*plugintest.Warden
	g       *plugintest.Guild
	svc     *moderation.Service
	general discordsim.ID
	modLog  discordsim.ID
}

// The simulated users: owner owns the guild (and is a superuser), mod is
// a moderator, member and up are plain members.
var (
	owner  = plugintest.Owner
	mod    = plugintest.Moderator
	member = discordsim.UserID(3)
	alice  = discordsim.UserID(5)
	bob    = discordsim.UserID(6)
)

// startWorld starts Warden on dataDir (empty: a fresh one) with the
// scheduler sweeping every sweep.
func startWorld(t *testing.T, dataDir, sweep string) *world {
	t.Helper()
	opts := []plugintest.Option{plugintest.WithPluginConfig(moderation.ID, "sweepInterval: "+sweep)}
	if dataDir != "" {
		opts = append(opts, plugintest.WithDataDir(dataDir))
	}
	w := plugintest.Start(t, opts...)
	g := w.Guild(t, 1)
	return &world{Warden: w, g: g, svc: plugintest.Plugin[*moderation.Plugin](t, w, moderation.ID).Service(),
		general: g.Channel(t, "general"), modLog: g.Channel(t, "mod-log")}
}

// api calls one of moderation's routes (path below /moderation) as user.
func (w *world) api(t testing.TB, user discordsim.ID, method, path string, body, out any) int {
	t.Helper()
	return w.g.Call(t, user, method, moderation.ID+path, body, out)
}
