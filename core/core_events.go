package core

import "time"

// DashboardPlugin is the id of the core's own events and routes: the
// dashboard's settings, grants, audit log and bot-wide stats.
const DashboardPlugin = "dashboard"

// Core event names.
const (
	EventPermissionsUpdated = "dashboard:permissions_updated"
	EventSettingsUpdated    = "dashboard:settings_updated"
	EventStatsUpdated       = "dashboard:stats_updated"
	EventEventRecorded      = "dashboard:event_recorded"
)

// coreEvents are declared by the core itself, not by a plugin, so that
// every part (the Discord client, the API, the gateway) may rely on them.
func coreEvents() []EventSpec {
	at := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	return []EventSpec{
		{
			Name:        EventPermissionsUpdated,
			Description: "A dashboard grant was added or removed. Gateways recheck the room's members and remove those who lost access.",
			Example:     map[string]any{"action": "granted", "grant": map[string]any{"id": "6650f0c2a1b2c3d4e5f60718", "userId": "200000000000000001", "plugins": []string{"moderation"}}, "updatedBy": "100000000000000001"},
			Sentence:    "{@updatedBy} {action} dashboard access to {@grant.userId}",
			Link:        "settings",
		},
		{
			Name:        EventSettingsUpdated,
			Description: "The guild's dashboard settings were saved.",
			Example:     map[string]any{"version": 3, "locale": "en-US", "timezone": "UTC", "updatedBy": "100000000000000001", "updatedAt": at},
			Sentence:    "{@updatedBy} set the dashboard to {timezone} time and {locale}",
			Link:        "settings",
		},
		{
			Name:        EventStatsUpdated,
			Description: "A bot-wide figure changed. One sender (the dashboard API's stats loop, checked every 2 s) and one payload: the whole DashboardStats document of GET /api/stats.",
			Example: map[string]any{
				"guilds":           map[string]any{"count": 2, "changeFromLastMonth": 1},
				"users":            map[string]any{"active": 14, "changePercentFromLastMonth": 16.7},
				"commands":         map[string]any{"total": 230, "changePercentFromLastMonth": -4.2},
				"ping":             map[string]any{"avg": 42, "changeFromLastHour": -3},
				"recentEvents":     []map[string]any{{"type": "success", "message": "/warn run in Demo Guild", "timestamp": at}},
				"activityOverview": []map[string]any{{"hour": at.Truncate(time.Hour), "commands": 12, "events": 31}},
			},
			Global: true,
		},
		{
			Name:        EventEventRecorded,
			Description: "An event was recorded for the bot-wide recent events list (a command run, a moderation action, an economy transaction).",
			Example:     Activity{Type: ActivitySuccess, Kind: "command", Message: "/warn run in Demo Guild", GuildID: "300000000000000001", Plugin: "moderation", Timestamp: at},
			Sentence:    "{message}",
			Global:      true,
		},
	}
}
