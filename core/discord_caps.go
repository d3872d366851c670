package core

import (
	"context"
	"time"
)

// IntentsDeclarer declares the gateway intents a plugin needs. The Discord
// client connects with the union of what enabled plugins declare (plus
// guilds), never with every intent.
type IntentsDeclarer interface {
	Intents() Intents
}

// CommandProvider provides a plugin's slash commands. The core registers
// them with Discord, routes each run to its handler, and records the run.
type CommandProvider interface {
	Commands() []Command
}

// DiscordListener receives gateway events, already translated into the
// domain events below. Events of one guild arrive in order; a panic is
// recovered and logged with the plugin's name.
type DiscordListener interface {
	OnDiscordEvent(ctx context.Context, ev DiscordEvent)
}

// ComponentHandler receives clicks on the plugin's buttons and choices in
// its select menus: those whose custom id starts with "<plugin id>:".
type ComponentHandler interface {
	HandleComponent(ctx context.Context, inv *Interaction) error
}

// ModalHandler receives the plugin's submitted modals (custom id
// "<plugin id>:...").
type ModalHandler interface {
	HandleModal(ctx context.Context, inv *Interaction) error
}

// DiscordEvent is a translated gateway event: one of the types below.
type DiscordEvent interface {
	// EventGuildID is the guild the event happened in; empty for DMs.
	EventGuildID() string
}

// MessageCreated is a message posted in a guild channel.
type MessageCreated struct {
	GuildID, ChannelID, MessageID, AuthorID string
	AuthorName                              string
	AuthorBot                               bool
	// Content is empty unless a plugin declared the message content intent.
	Content string
	// AuthorRoles are the author's role ids.
	AuthorRoles []string
	At          time.Time
	// Embeds and Attachments are the message's (see discord_media.go).
	Embeds      []Embed
	Attachments []MessageAttachment
}

// DirectMessage is a message a user sent the bot in DMs.
type DirectMessage struct {
	ChannelID, MessageID, AuthorID, AuthorName, Content string
	At                                                  time.Time
	// Attachments are the files sent with the message.
	Attachments []MessageAttachment
}

// MessageDeleted is a deleted message; GuildID is empty in DMs. Cached is
// the message as last seen, nil when the layer had not cached it.
type MessageDeleted struct {
	GuildID, ChannelID, MessageID string
	Cached                        *CachedMessage
}

// MemberJoined is a user joining a guild.
type MemberJoined struct {
	GuildID, UserID, Username string
	Bot                       bool
	// AccountCreated comes from the user's snowflake.
	AccountCreated time.Time
	JoinedAt       time.Time
}

// MemberLeft is a member leaving (or being removed from) a guild.
type MemberLeft struct {
	GuildID, UserID, Username string
}

// MemberUpdated is a change to a member's roles, nickname or timeout.
// Roles, Nick and TimeoutUntil are the new state; Previous is the state
// before, nil when the member was not cached.
type MemberUpdated struct {
	GuildID, UserID string
	Roles           []string
	Nick            string
	TimeoutUntil    *time.Time
	Previous        *MemberState
}

// VoiceStateChanged is a member joining, leaving or moving between voice
// channels. ChannelID is empty when they left voice; PreviousChannelID is
// empty when they joined.
type VoiceStateChanged struct {
	GuildID, UserID, ChannelID, PreviousChannelID string
}

// GuildAvailable is a guild becoming available: at connect, or (Joined)
// when the bot was just added to it.
type GuildAvailable struct {
	GuildID, Name string
	Members       int
	Joined        bool
}

func (e MessageCreated) EventGuildID() string    { return e.GuildID }
func (e DirectMessage) EventGuildID() string     { return "" }
func (e MessageDeleted) EventGuildID() string    { return e.GuildID }
func (e MemberJoined) EventGuildID() string      { return e.GuildID }
func (e MemberLeft) EventGuildID() string        { return e.GuildID }
func (e MemberUpdated) EventGuildID() string     { return e.GuildID }
func (e VoiceStateChanged) EventGuildID() string { return e.GuildID }
func (e GuildAvailable) EventGuildID() string    { return e.GuildID }
