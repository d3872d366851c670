package core

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/disgoorg/disgo/rest"
)

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
	ErrDiscordRequest            = errors.New("discord: request failed")
	// ErrDiscordBadToken is a 401 from Discord: DISCORD_TOKEN is wrong.
	ErrDiscordBadToken = errors.New("discord: the bot token was rejected")
	// ErrDiscordGatewayClosed is a fatal gateway close code; see
	// GatewayClosedError.
	ErrDiscordGatewayClosed = errors.New("discord: gateway closed for good")
)

// Discord's JSON error codes this file maps.
var discordCodes = map[rest.JSONErrorCode]struct {
	sentinel error
	code     Code
	message  string
}{
	10003: {ErrDiscordUnknownChannel, CodeNotFound, "that channel no longer exists"},
	10004: {ErrDiscordUnknownGuild, CodeNotFound, "Warden is not in that server"},
	10007: {ErrDiscordUnknownMember, CodeNotFound, "that user is not a member of the server"},
	10008: {ErrDiscordUnknownMessage, CodeNotFound, "that message no longer exists"},
	10011: {ErrDiscordUnknownRole, CodeNotFound, "that role no longer exists"},
	10013: {ErrDiscordUnknownUser, CodeNotFound, "that user does not exist"},
	10026: {ErrDiscordUnknownBan, CodeNotFound, "that user is not banned"},
	50001: {ErrDiscordMissingPermissions, CodeForbidden, "Warden cannot see that channel or server"},
	50007: {ErrDiscordMissingPermissions, CodeForbidden, "that user does not accept direct messages"},
	50013: {ErrDiscordMissingPermissions, CodeForbidden, "Warden lacks the permission to do that; check its role and its position above the target's roles"},
}

// DiscordError turns an error from disgo's REST client into a typed *Error
// that says what failed (op, e.g. "ban member") in words a user
// understands. It returns nil for nil.
func DiscordError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ue *Error
	if errors.As(err, &ue) {
		return err
	}
	var re rest.Error
	if errors.As(err, &re) {
		if m, ok := discordCodes[re.Code]; ok {
			return &Error{Code: m.code, Message: fmt.Sprintf("could not %s: %s", op, m.message), Err: fmt.Errorf("%w: %s: %v", m.sentinel, op, err)}
		}
		if re.Response != nil {
			switch re.Response.StatusCode {
			case http.StatusUnauthorized:
				return &Error{Code: CodeDiscord, Message: fmt.Sprintf("could not %s: Discord rejected the bot token (401 Unauthorized); set DISCORD_TOKEN to the bot token from the Discord developer portal (your application → Bot)", op), Err: fmt.Errorf("%w: %s: %v", ErrDiscordBadToken, op, err)}
			case http.StatusTooManyRequests:
				return &Error{Code: CodeRateLimited, Message: fmt.Sprintf("could not %s: Discord is rate limiting Warden; try again in a moment", op), Err: fmt.Errorf("%w: %s: %v", ErrDiscordRateLimited, op, err)}
			case http.StatusForbidden:
				return &Error{Code: CodeForbidden, Message: fmt.Sprintf("could not %s: Warden lacks the permission to do that", op), Err: fmt.Errorf("%w: %s: %v", ErrDiscordMissingPermissions, op, err)}
			case http.StatusNotFound:
				return &Error{Code: CodeNotFound, Message: fmt.Sprintf("could not %s: not found on Discord", op), Err: fmt.Errorf("%w: %s: %v", ErrDiscordRequest, op, err)}
			}
		}
	}
	return &Error{Code: CodeDiscord, Message: fmt.Sprintf("could not %s: Discord did not accept the request", op), Err: fmt.Errorf("%w: %s: %v", ErrDiscordRequest, op, err)}
}
