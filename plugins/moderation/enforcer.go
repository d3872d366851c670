package moderation

import (
	"context"
	"time"
)

// Enforcer carries out actions on Discord for the service. discord.go
// implements it with the plugin's Discord access; the service never sees a
// Discord type. Every method returns a *core.Error with code DISCORD_ERROR
// (or NOT_FOUND for an unknown user) when Discord refuses.
type Enforcer interface {
	// Available reports whether Discord is connected; the service treats
	// an unavailable Enforcer as none.
	Available() bool
	// Target describes a user before an action is taken against them by
	// moderatorID ("" for automod and escalation, which act as the bot).
	Target(ctx context.Context, guildID, userID, moderatorID string) (TargetInfo, error)
	// Apply carries out one action.
	Apply(ctx context.Context, a Action) error
	// Send posts a message to a channel (the mod log, an automod alert).
	Send(ctx context.Context, channelID, content string) error
	// DM sends a direct message to a user.
	DM(ctx context.Context, userID, content string) error
	// Known reports whether a channel or role id (role true) belongs to
	// the guild, from the bot's cache.
	Known(guildID, id string, role bool) bool
}

// ref is an id a document refers to, with the field that holds it.
type ref struct {
	field string
	id    string
	role  bool
}

// TargetInfo is what the checks before an action need to know of a user.
type TargetInfo struct {
	// Exists is false when Discord knows no such user.
	Exists bool
	// Member is true when the user is in the guild.
	Member bool
	// IsOwner is true for the guild's owner.
	IsOwner bool
	// IsSelf is true for the bot itself.
	IsSelf bool
	// AboveBot is true when the member's highest role is at or above the
	// bot's, so Discord would refuse the action.
	AboveBot bool
	// AboveModerator is true when the member's highest role is at or above
	// the moderator's, as Discord's role hierarchy forbids. It is never set
	// for the guild's owner acting, nor for a moderator who is not a member
	// of the guild (see ModeratorUnranked).
	AboveModerator bool
	// ModeratorUnranked is true when the moderator is not a member of the
	// guild (so has no place in its role hierarchy), is not a superuser,
	// and the member holds a role: such a moderator (a dashboard grant
	// holder) may only act on members without roles.
	ModeratorUnranked bool
	// Banned is true when the user is banned from the guild.
	Banned bool
	// GuildName is the guild's name, for DM templates.
	GuildName string
}

// ActionKind is one Discord operation.
type ActionKind string

// The Discord operations.
const (
	ActTimeout       ActionKind = "timeout"
	ActRemoveTimeout ActionKind = "remove_timeout"
	ActKick          ActionKind = "kick"
	ActBan           ActionKind = "ban"
	ActUnban         ActionKind = "unban"
	ActDeleteMessage ActionKind = "delete_message"
)

// Action is one operation for Enforcer.Apply.
type Action struct {
	Kind    ActionKind
	GuildID string
	UserID  string
	// Until ends a timeout.
	Until time.Time
	// DeleteMessageDays is how many days of the user's messages a ban
	// deletes (0-7).
	DeleteMessageDays int
	// ChannelID and MessageID name the message to delete.
	ChannelID string
	MessageID string
	// Reason is shown in the guild's audit log.
	Reason string
}
