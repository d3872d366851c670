package core

import "errors"

// Discord errors. Every Discord API failure a plugin sees is a *Error
// (with CodeForbidden, CodeNotFound, CodeRateLimited or CodeDiscord and a
// message fit for the user) wrapping one of these, so errors.Is works.
var (
	ErrDiscordUnavailable        = errors.New("discord is not connected")
	ErrDiscordMissingPermissions = errors.New("discord: missing permissions")
	ErrDiscordUnknownMember      = errors.New("discord: unknown member")
	ErrDiscordUnknownUser        = errors.New("discord: unknown user")
	ErrDiscordUnknownChannel     = errors.New("discord: unknown channel")
	ErrDiscordUnknownMessage     = errors.New("discord: unknown message")
	ErrDiscordUnknownGuild       = errors.New("discord: unknown guild")
	ErrDiscordUnknownBan         = errors.New("discord: unknown ban")
	ErrDiscordUnknownRole        = errors.New("discord: unknown role")
	ErrDiscordRateLimited        = errors.New("discord: rate limited")
	// ErrDiscordDMsRefused is a user who does not accept direct messages
	// from the bot (Discord's 50007).
	ErrDiscordDMsRefused = errors.New("discord: the user does not accept direct messages")
	// ErrDiscordLimitReached is one of Discord's maximums: 50 channels in
	// a category, 500 in a server, 250 roles, 50 pins in a channel.
	ErrDiscordLimitReached = errors.New("discord: limit reached")
	// ErrDiscordNotInVoice is a move or disconnect of a member who is in
	// no voice channel (Discord's 40032).
	ErrDiscordNotInVoice = errors.New("discord: the member is not in voice")
	// ErrDiscordThreadArchived is an action on an archived thread
	// (Discord's 50083).
	ErrDiscordThreadArchived = errors.New("discord: the thread is archived")
	ErrDiscordRequest        = errors.New("discord: request failed")
	// ErrReplyFailed wraps a failure to deliver an interaction's answer
	// (the handler's work may have succeeded): the run is recorded as
	// such, not as a failed command.
	ErrReplyFailed = errors.New("discord: the answer did not reach Discord")
	// ErrDiscordBadToken is a 401 from Discord: DISCORD_TOKEN is wrong.
	ErrDiscordBadToken = errors.New("discord: the bot token was rejected")
	// ErrDiscordGatewayClosed is a fatal gateway close code; see
	// GatewayClosedError.
	ErrDiscordGatewayClosed = errors.New("discord: gateway closed for good")
	// ErrForeignCustomID is a component or modal custom id that does not
	// start with the plugin's id.
	ErrForeignCustomID = errors.New("discord: custom id not prefixed with the plugin's id")
	// ErrInteractionState is a response that does not fit the
	// interaction's state (a modal after a defer, an update on a command).
	ErrInteractionState = errors.New("discord: response does not fit the interaction")
)
