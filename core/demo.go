package core

import "context"

// DemoSeeder is an optional plugin capability used only by `warden --demo`:
// once the simulated Discord is connected, the demo calls SeedDemo for every
// demo guild so that the plugin has something to do from the first minute
// (moderation, for example, turns automod on and applies its presets).
//
// SeedDemo must be idempotent: the demo calls it on every start, also on a
// DATA_DIR that already holds the guild's documents, and must not duplicate
// them. It writes through the plugin's own service, so its writes broadcast
// their events like any other.
type DemoSeeder interface {
	SeedDemo(ctx context.Context, guildID string, world DemoWorld) error
}

// DemoWorld describes one demo guild to a DemoSeeder: who is who and which
// channel and role ids carry which names.
type DemoWorld struct {
	// AdminID is the demo admin, the guild owner; ModeratorID holds the
	// moderator role. Seeded documents name them as their author.
	AdminID     string
	ModeratorID string
	// Channels maps channel names ("general", "mod-log", "modmail",
	// "tickets", ...) to ids.
	Channels map[string]string
	// Roles maps role names ("Admin", "Moderator", "Member") to ids.
	Roles map[string]string
}
