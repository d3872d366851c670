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
	// A user who does not accept DMs is ErrDiscordDMsRefused.
	SendDM(ctx context.Context, userID, content string) (string, error)
	// SendDMMessage is SendDM with embeds, components and files; it
	// returns the DM channel id and the message id.
	SendDMMessage(ctx context.Context, userID string, msg Response) (channelID, messageID string, err error)
	// EditMessage edits one of the bot's messages: unset parts (empty
	// content, nil embeds and components) stay as they are.
	EditMessage(ctx context.Context, channelID, messageID string, msg Response) error
	DeleteMessage(ctx context.Context, channelID, messageID, reason string) error
	// Pin and Unpin pin a message in its channel (at most 50 pins:
	// ErrDiscordLimitReached).
	Pin(ctx context.Context, channelID, messageID, reason string) error
	Unpin(ctx context.Context, channelID, messageID, reason string) error

	CreateChannel(ctx context.Context, guildID string, spec ChannelSpec, reason string) (string, error)
	EditChannel(ctx context.Context, channelID string, edit ChannelEdit, reason string) error
	// DeleteChannel deletes a channel, category or thread.
	DeleteChannel(ctx context.Context, channelID, reason string) error

	// CreateThread starts a thread in a text channel (from a message when
	// spec.MessageID is set) and returns its id.
	CreateThread(ctx context.Context, channelID string, spec ThreadSpec, reason string) (string, error)
	// EditThread renames, archives or locks a thread.
	EditThread(ctx context.Context, threadID string, edit ThreadEdit, reason string) error
	AddThreadMember(ctx context.Context, threadID, userID string) error
	RemoveThreadMember(ctx context.Context, threadID, userID string) error

	// Timeout times a member out until the given time; the zero time lifts it.
	Timeout(ctx context.Context, guildID, userID string, until time.Time, reason string) error
	Kick(ctx context.Context, guildID, userID, reason string) error
	// Ban bans a user, deleting their messages of the last deleteMessages.
	Ban(ctx context.Context, guildID, userID string, deleteMessages time.Duration, reason string) error
	Unban(ctx context.Context, guildID, userID, reason string) error
	AddRole(ctx context.Context, guildID, userID, roleID, reason string) error
	RemoveRole(ctx context.Context, guildID, userID, roleID, reason string) error
	// SetNickname sets a member's nickname; "" removes it.
	SetNickname(ctx context.Context, guildID, userID, nick, reason string) error
	// MoveMember moves a member who is in voice to another voice channel;
	// channelID "" disconnects them. A member not in voice is
	// ErrDiscordNotInVoice.
	MoveMember(ctx context.Context, guildID, userID, channelID, reason string) error

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

	// DownloadAttachment fetches the bytes of a file a message carried
	// (MessageAttachment.URL), at most limit bytes: only from Discord's
	// CDN (or the configured API host, for the simulator), so that a
	// plugin never fetches an address a payload names. Larger is
	// ErrDiscordLimitReached.
	DownloadAttachment(ctx context.Context, url string, limit int) ([]byte, error)
}

// DiscordProvider is the running Discord layer: it hands each plugin its
// DiscordActions. The Discord component installs itself with SetDiscord.
type DiscordProvider interface {
	ForPlugin(pluginID string) DiscordActions
}

// ChannelSpec describes a channel to create.
type ChannelSpec struct {
	Name string
	// Voice makes a voice channel and Category a category; otherwise a
	// text channel.
	Voice, Category bool
	// ParentID is the category, if any. A category holds at most 50
	// channels: a 51st is ErrDiscordLimitReached.
	ParentID string
	// UserLimit caps a voice channel (0-99); zero means no cap.
	UserLimit int
	Topic     string
	// Overwrites are the channel's permission overwrites.
	Overwrites []PermissionOverwrite
}

// ChannelEdit changes a channel; nil fields stay as they are.
type ChannelEdit struct {
	Name      *string
	UserLimit *int
	Topic     *string
	// ParentID moves the channel into a category; "" takes it out.
	ParentID *string
	// Overwrites replaces the channel's permission overwrites.
	Overwrites *[]PermissionOverwrite
}

// PermissionOverwrite allows and denies permission bits (the Perm*
// constants) on a channel for a role (Role true) or a member.
type PermissionOverwrite struct {
	ID          string
	Role        bool
	Allow, Deny uint64
}

// Channel permission bits, with Discord's values, for overwrites (the
// guild-level ones the access rules use are in directory.go).
const (
	PermManageChannels     uint64 = 1 << 4
	PermViewChannel        uint64 = 1 << 10
	PermSendMessages       uint64 = 1 << 11
	PermManageMessages     uint64 = 1 << 13
	PermAttachFiles        uint64 = 1 << 15
	PermReadMessageHistory uint64 = 1 << 16
	PermConnect            uint64 = 1 << 20
	PermSpeak              uint64 = 1 << 21
	PermMoveMembers        uint64 = 1 << 24
)

// ThreadSpec describes a thread to start.
type ThreadSpec struct {
	Name string
	// Private makes a thread only its members (and moderators) see;
	// ignored when MessageID is set (a thread on a message is public).
	Private bool
	// MessageID starts the thread on that message.
	MessageID string
	// AutoArchive is how long without messages before Discord archives
	// the thread: 1 h, 24 h, 3 days or a week. Zero means 24 h.
	AutoArchive time.Duration
}

// ThreadEdit changes a thread; nil fields stay as they are.
type ThreadEdit struct {
	Name     *string
	Archived *bool
	// Locked threads only moderators can unarchive.
	Locked *bool
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
