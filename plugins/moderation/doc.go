// Package moderation is Warden's reference plugin: numbered moderation cases
// (warn, note, timeout, kick, ban, unban, softban), an automod engine with
// presets and point escalation, a scheduler that lifts temporary bans and
// expires points, dashboard routes, and slash commands.
//
// Its files read as every plugin's should: plugin.go registers the plugin and
// declares its events and indexes, service.go and its service_*.go siblings
// hold the domain logic and are the only code that writes and then
// broadcasts, store.go owns the collections, api.go and discord.go are thin
// adapters that turn HTTP requests and Discord interactions into service
// calls. The service never imports disgo: it reaches Discord through the
// small Enforcer interface that discord.go satisfies.
package moderation
