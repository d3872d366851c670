package core

import (
	"context"
	"time"
)

// DiscordActions is what a plugin may ask of Discord, from its Context
// (pc.Discord()). Ids are snowflake strings; a malformed one is a
// BAD_REQUEST. Every failure is a typed *Error wrapping one of the
// ErrDiscord sentinels; while Warden is not connected every call fails
// with ErrDiscordUnavailable and Connected is false.
type DiscordActions interface {
	// Connected reports whether a Discord client runs.
	Connected() bool
	// BotID is the bot's user id; "" when not connected.
	BotID() string

	// SendMessage posts text that pings nobody and returns the message id.
	SendMessage(ctx context.Context, channelID, content string) (string, error)
	// Send posts a message with embeds, components and files. Components'
	// custom ids must start with the plugin's id; Mentions nil pings
	// nobody.
	Send(ctx context.Context, channelID string, msg Response) (string, error)
	// SendDM sends a user a direct message and returns the DM channel id.
	SendDM(ctx context.Context, userID, content string) (string, error)
	DeleteMessage(ctx context.Context, channelID, messageID, reason string) error

	CreateChannel(ctx context.Context, guildID string, spec ChannelSpec, reason string) (string, error)
	EditChannel(ctx context.Context, channelID string, edit ChannelEdit, reason string) error
	DeleteChannel(ctx context.Context, channelID, reason string) error

	// Timeout times a member out until the given time; the zero time lifts it.
	Timeout(ctx context.Context, guildID, userID string, until time.Time, reason string) error
	Kick(ctx context.Context, guildID, userID, reason string) error
	// Ban bans a user, deleting their messages of the last deleteMessages.
	Ban(ctx context.Context, guildID, userID string, deleteMessages time.Duration, reason string) error
	Unban(ctx context.Context, guildID, userID, reason string) error
	AddRole(ctx context.Context, guildID, userID, roleID, reason string) error
	RemoveRole(ctx context.Context, guildID, userID, roleID, reason string) error

	// Member returns a member's roles and permissions from the cache (or
	// a REST fetch cached 30 s); FetchMember always asks Discord.
	Member(ctx context.Context, guildID, userID string) (MemberInfo, error)
	FetchMember(ctx context.Context, guildID, userID string) (MemberInfo, error)
	// UserExists asks Discord whether a user id is a user.
	UserExists(ctx context.Context, userID string) (bool, error)
	// Banned asks Discord whether a user is banned from a guild.
	Banned(ctx context.Context, guildID, userID string) (bool, error)
	// Guild returns a guild the bot is in; ok is false when it is not.
	Guild(ctx context.Context, guildID string) (g GuildSummary, ok bool, err error)
	// HighestRole is the position of the highest of roles in the guild
	// (from the cache); -1 for none. The bot's own roles are BotRoles.
	HighestRole(guildID string, roleIDs []string) int
	BotRoles(guildID string) ([]string, bool)
	// HasRole and HasChannel report whether the guild has that role or
	// channel (from the cache).
	HasRole(guildID, roleID string) bool
	HasChannel(guildID, channelID string) bool
}

// DiscordProvider is the running Discord layer: it hands each plugin its
// DiscordActions. The Discord component installs itself with SetDiscord.
type DiscordProvider interface {
	ForPlugin(pluginID string) DiscordActions
}

// ChannelSpec describes a channel to create.
type ChannelSpec struct {
	Name string
	// Voice makes a voice channel; otherwise a text channel.
	Voice bool
	// ParentID is the category, if any.
	ParentID string
	// UserLimit caps a voice channel; zero means no cap.
	UserLimit int
	Topic     string
}

// ChannelEdit changes a channel; nil fields stay as they are.
type ChannelEdit struct {
	Name      *string
	UserLimit *int
}

// Discord returns the plugin's handle on Discord. Ask for it when acting:
// while no Discord client runs it is one whose calls fail with
// ErrDiscordUnavailable.
func (pc *Context) Discord() DiscordActions {
	if p := pc.core.discordProvider(); p != nil {
		return p.ForPlugin(pc.ID)
	}
	return unavailableDiscord{}
}
