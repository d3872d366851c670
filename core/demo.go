package core

import (
	"context"
	"time"
)

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
	// Members are the ids of the guild's ordinary members (not the staff,
	// not the bot), in a stable order.
	Members []string
}

// Demoer is an optional plugin capability used only by `warden --demo`:
// the slash commands the demo's members run for the plugin, with the
// plugin's own texts. The demo runs only the commands some plugin lists;
// their options are filled from the registered schema (users are a demo
// member, numbers small, strings one of Texts).
type Demoer interface {
	DemoCommands() []DemoCommand
}

// DemoCommand is one command (or subcommand) the demo runs.
type DemoCommand struct {
	// Name is the command, with its subcommand (and group) after spaces:
	// "warn", "case show". A command's name covers all its subcommands
	// that are not listed on their own.
	Name string
	// Weight says how often it runs relative to the others; zero never.
	Weight int
	// Staff commands are run by the demo moderator or admin, the others
	// by any member.
	Staff bool
	// Texts fill the command's string options, one picked at random
	// each run.
	Texts []string
}

// DemoHistorian is an optional plugin capability used only by `warden
// --demo`: at the demo's first start it writes a plausible past of the
// plugin in one guild, between from and to (a week), so that its tables
// and charts have something to show. It records each past action through
// Context.RecordActivity with its past Timestamp, so the rollups count it.
//
// BackfillDemo must be idempotent: the demo calls it on every start and it
// writes nothing when the guild already has the plugin's history.
type DemoHistorian interface {
	BackfillDemo(ctx context.Context, guildID string, world DemoWorld, from, to time.Time) error
}
