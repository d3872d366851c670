package core

import "time"

// The domain events below complete those in discord_caps.go: edits,
// purges, member state, roles, channels, threads, reactions, the bot's own
// guild membership and invites. docs/discord.md lists the intent each one
// needs.

// Change says what happened to the object an event is about.
type Change string

// The changes an event reports.
const (
	Created Change = "created"
	Updated Change = "updated"
	Deleted Change = "deleted"
)

// CachedMessage is a message as the Discord layer last saw it. The layer
// keeps the latest messages of each channel in a bounded cache, so a
// message older than that (or posted before Warden connected) is not
// known.
type CachedMessage struct {
	ChannelID, MessageID, AuthorID, AuthorName string
	Content                                    string
	At                                         time.Time
}

// MessageUpdated is a message being edited, in a guild or in DMs.
type MessageUpdated struct {
	GuildID, ChannelID, MessageID, AuthorID string
	// Content is the new content (empty without the message content
	// intent, except in DMs and messages that mention the bot).
	Content  string
	EditedAt time.Time
	// Previous is the message before the edit; nil when it was not cached.
	Previous *CachedMessage
}

// MessagesBulkDeleted is several messages of a channel deleted at once (a
// purge). Cached holds those the layer had seen, in the order of
// MessageIDs.
type MessagesBulkDeleted struct {
	GuildID, ChannelID string
	MessageIDs         []string
	Cached             []CachedMessage
}

// MemberState is what a member update can change.
type MemberState struct {
	Roles []string
	// Nick is the server nickname; empty for none.
	Nick string
	// TimeoutUntil is set while the member is timed out.
	TimeoutUntil *time.Time
}

// RoleInfo is a guild role.
type RoleInfo struct {
	ID, Name    string
	Position    int
	Permissions uint64
	Color       int
}

// RoleChanged is a role being created, updated or deleted. Previous is
// the role before an update (or the deleted role) when it was cached.
type RoleChanged struct {
	Change   Change
	GuildID  string
	Role     RoleInfo
	Previous *RoleInfo
}

// ChannelType is a channel's kind, with Discord's values.
type ChannelType int

// Channel types.
const (
	ChannelText          ChannelType = 0
	ChannelVoice         ChannelType = 2
	ChannelCategory      ChannelType = 4
	ChannelAnnouncement  ChannelType = 5
	ChannelPublicThread  ChannelType = 11
	ChannelPrivateThread ChannelType = 12
)

// ChannelInfo is a guild channel.
type ChannelInfo struct {
	ID, Name string
	Type     ChannelType
	// ParentID is the category; empty for none.
	ParentID  string
	Position  int
	UserLimit int
	Topic     string
}

// ChannelChanged is a guild channel (or category) being created, updated
// or deleted. Previous is the channel before an update when it was cached.
type ChannelChanged struct {
	Change   Change
	GuildID  string
	Channel  ChannelInfo
	Previous *ChannelInfo
}

// ThreadChanged is a thread being created, updated (archived, locked,
// renamed) or deleted.
type ThreadChanged struct {
	Change                            Change
	GuildID, ThreadID, ParentID, Name string
	OwnerID                           string
	Private, Archived, Locked         bool
}

// ThreadMemberChanged is a user joining (Joined) or leaving a thread.
// Other users' changes need the GUILD_MEMBERS intent.
type ThreadMemberChanged struct {
	GuildID, ThreadID, UserID string
	Joined                    bool
}

// ReactionChanged is a reaction added (Added) or removed; GuildID is
// empty in DMs. Emoji is the Unicode emoji, or "name:id" for a custom one.
type ReactionChanged struct {
	GuildID, ChannelID, MessageID, UserID string
	Emoji                                 string
	Added                                 bool
}

// GuildLeft is the bot leaving (or being removed from) a guild.
// GuildAvailable with Joined set is the bot joining one.
type GuildLeft struct {
	GuildID string
}

// InviteChanged is an invite being created or deleted. On delete only the
// code, guild and channel are known.
type InviteChanged struct {
	Change                   Change
	GuildID, ChannelID, Code string
	InviterID                string
	MaxAge                   time.Duration // zero: never expires
	MaxUses                  int           // zero: unlimited
	ExpiresAt                *time.Time
}

func (e MessageUpdated) EventGuildID() string      { return e.GuildID }
func (e MessagesBulkDeleted) EventGuildID() string { return e.GuildID }
func (e RoleChanged) EventGuildID() string         { return e.GuildID }
func (e ChannelChanged) EventGuildID() string      { return e.GuildID }
func (e ThreadChanged) EventGuildID() string       { return e.GuildID }
func (e ThreadMemberChanged) EventGuildID() string { return e.GuildID }
func (e ReactionChanged) EventGuildID() string     { return e.GuildID }
func (e GuildLeft) EventGuildID() string           { return e.GuildID }
func (e InviteChanged) EventGuildID() string       { return e.GuildID }
