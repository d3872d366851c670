package dashboardapi

import (
	"time"

	"github.com/warden-bot/warden/core"
)

// DashboardStats is the contract's bot-wide stats document.
type DashboardStats struct {
	Guilds           GuildFigures     `json:"guilds"`
	Users            UserFigures      `json:"users"`
	Commands         CommandFigures   `json:"commands"`
	Ping             PingFigures      `json:"ping"`
	RecentEvents     []RecentEvent    `json:"recentEvents"`
	ActivityOverview []core.HourPoint `json:"activityOverview"`
}

// GuildStats is one guild's own figures.
type GuildStats struct {
	GuildID          string           `json:"guildId"`
	Users            UserFigures      `json:"users"`
	Commands         CommandFigures   `json:"commands"`
	RecentEvents     []RecentEvent    `json:"recentEvents"`
	ActivityOverview []core.HourPoint `json:"activityOverview"`
}

// GuildFigures: how many guilds the bot is in, and the change from the
// count last seen in the previous calendar month.
type GuildFigures struct {
	Count               int64 `json:"count"`
	ChangeFromLastMonth int64 `json:"changeFromLastMonth"`
}

// UserFigures: distinct users with recorded activity this calendar month.
type UserFigures struct {
	Active                     int64   `json:"active"`
	ChangePercentFromLastMonth float64 `json:"changePercentFromLastMonth"`
}

// CommandFigures: slash command runs this calendar month.
type CommandFigures struct {
	Total                      int64   `json:"total"`
	ChangePercentFromLastMonth float64 `json:"changePercentFromLastMonth"`
}

// PingFigures: gateway latency in milliseconds.
type PingFigures struct {
	Avg                int64 `json:"avg"`
	ChangeFromLastHour int64 `json:"changeFromLastHour"`
}

// RecentEvent is one entry of recentEvents; it names no user.
type RecentEvent struct {
	Type      string    `json:"type"`
	Message   string    `json:"message"`
	Timestamp time.Time `json:"timestamp"`
}

func recentEvents(acts []core.Activity) []RecentEvent {
	out := make([]RecentEvent, 0, len(acts))
	for _, a := range acts {
		out = append(out, RecentEvent{Type: a.Type, Message: a.Message, Timestamp: a.Timestamp})
	}
	return out
}
