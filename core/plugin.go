package core

import (
	"context"
	"net/http"
)

// Plugin is the one interface every plugin implements. Everything else a
// plugin can do is an optional capability below, found by type assertion.
type Plugin interface {
	PluginInfo() PluginInfo
}

// PluginInfo describes a registered plugin.
type PluginInfo struct {
	// ID is the plugin's name: lowercase a-z, 0-9, '-' and '_'. It prefixes
	// the plugin's events ("<id>:<action>"), collections and API routes.
	ID string
	// Name is shown to people, for example "Moderation".
	Name string
	// Description says in one sentence what the plugin does.
	Description string
	// New returns a fresh, unprovisioned instance. The plugin's config block
	// is decoded strictly into the value New returns.
	New func() Plugin
}

// Provisioner is called once, after the plugin's config block is decoded,
// with the plugin's context. It sets the plugin up without starting work.
type Provisioner interface {
	Provision(pc *Context) error
}

// Validator checks the decoded and provisioned plugin before it starts.
type Validator interface {
	Validate() error
}

// Starter starts the plugin's background work. Long-running work belongs in
// Context.Go so that the core owns it.
type Starter interface {
	Start(ctx context.Context) error
}

// Stopper stops what Start started. Plugins are stopped in reverse order.
type Stopper interface {
	Stop(ctx context.Context) error
}

// EventDeclarer declares the events the plugin broadcasts. Broadcast refuses
// any name not declared here.
type EventDeclarer interface {
	Events() []EventSpec
}

// APIMounter mounts the plugin's dashboard routes on a guild-scoped router
// under /api/guilds/{guildId}/{plugin}/. Access, including plugin-limited
// grants, is checked before any of its handlers run.
type APIMounter interface {
	MountAPI(r APIRouter)
}

// GuildConfigurer exposes the plugin's versioned per-guild config document.
// The dashboard API serves it at GET|PUT /api/guilds/{guildId}/{plugin}/config
// and broadcasts "<plugin>:config_updated" after each save, so a plugin with a
// config document declares that event.
type GuildConfigurer interface {
	GuildConfig() ConfigStore
}

// APIRouter is the router a plugin mounts its routes on. Paths are relative
// to the plugin's base /api/guilds/{guildId}/<plugin> and use net/http's
// pattern syntax ("/rules/{id}"). The plugin's root resource is the empty
// path ""; every other path starts with "/" and has no trailing "/" (which
// net/http would read as "everything below"). A path breaking this stops
// the plugin from mounting.
type APIRouter interface {
	Handle(method, path string, h http.Handler)
	HandleFunc(method, path string, h func(http.ResponseWriter, *http.Request))
}
