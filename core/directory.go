package core

import (
	"context"
	"time"
)

// GuildSummary is what the dashboard shows of a guild.
type GuildSummary struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Icon    string `json:"icon"`
	OwnerID string `json:"-"`
}

// MemberInfo is what access checks need of a member.
type MemberInfo struct {
	// IsMember is false when the user is not in the guild.
	IsMember bool
	// Roles are the member's role ids.
	Roles []string
	// Permissions is the member's guild-level permission bitfield
	// (Discord's), computed from their roles.
	Permissions uint64
	// JoinedAt is when the member joined the guild; zero when unknown.
	JoinedAt time.Time
}

// Discord permission bits the core's access rules use.
const (
	PermAdministrator uint64 = 1 << 3
	PermManageGuild   uint64 = 1 << 5
)

// GuildDirectory answers questions about guilds from Discord: the bot's
// cache, or a REST fetch cached briefly. The Discord component implements
// it; the access checker and the API use it.
type GuildDirectory interface {
	// Guilds returns the guilds the bot is in.
	Guilds(ctx context.Context) ([]GuildSummary, error)
	// Guild returns one guild the bot is in; ok is false when it is not.
	Guild(ctx context.Context, guildID string) (g GuildSummary, ok bool, err error)
	// Member returns a user's roles and permissions in a guild.
	Member(ctx context.Context, guildID, userID string) (MemberInfo, error)
}
