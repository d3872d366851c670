// Package dashboard is the dashboard's settings plugin: each guild's
// dashboard settings, a versioned config document, served at
// /api/guilds/{guildId}/dashboard/settings.
//
// It broadcasts dashboard:settings_updated, a core event (declared by the
// core, not here). The dashboard grants and the audit log are the core's
// (core/grants.go, core/audit.go), so disabling this plugin turns neither
// off. It must not check access itself: the API checks access before its
// handlers run.
package dashboard
