// Package dashboardapi is the dashboard's REST API on HTTP_PORT (contract
// section 6): Discord OAuth2 login and sessions, the caller's guilds,
// bot-wide and guild stats, and each running plugin's routes under
// /api/guilds/{guildId}/{plugin}/, with access checked before any plugin
// handler runs. It also serves the dashboard web page at /.
//
// It is an adapter at the edge: it depends on core and never the other way
// round. It must not hold domain logic (plugins do), must not cache anything
// that would delay a revoked grant, and must never put a token, a cookie or
// Discord's access token in a log line, a URL or a response other than the
// one that issues it.
package dashboardapi
