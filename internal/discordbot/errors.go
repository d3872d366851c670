package discordbot

import (
	"github.com/warden-bot/warden/core"

	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/disgoorg/disgo/rest"
)

// Discord's JSON error codes this file maps.
var discordCodes = map[rest.JSONErrorCode]struct {
	sentinel error
	code     core.Code
	message  string
}{
	10003: {core.ErrDiscordUnknownChannel, core.CodeNotFound, "that channel no longer exists"},
	10004: {core.ErrDiscordUnknownGuild, core.CodeNotFound, "Warden is not in that server"},
	10007: {core.ErrDiscordUnknownMember, core.CodeNotFound, "that user is not a member of the server"},
	10008: {core.ErrDiscordUnknownMessage, core.CodeNotFound, "that message no longer exists"},
	10011: {core.ErrDiscordUnknownRole, core.CodeNotFound, "that role no longer exists"},
	10013: {core.ErrDiscordUnknownUser, core.CodeNotFound, "that user does not exist"},
	10026: {core.ErrDiscordUnknownBan, core.CodeNotFound, "that user is not banned"},
	50001: {core.ErrDiscordMissingPermissions, core.CodeForbidden, "Warden cannot see that channel or server"},
	50005: {core.ErrDiscordMissingPermissions, core.CodeForbidden, "Warden can only edit its own messages"},
	50007: {core.ErrDiscordDMsRefused, core.CodeForbidden, "that user does not accept direct messages"},
	30003: {core.ErrDiscordLimitReached, core.CodeConflict, "the channel already has 50 pinned messages"},
	30005: {core.ErrDiscordLimitReached, core.CodeConflict, "the server already has 250 roles"},
	30013: {core.ErrDiscordLimitReached, core.CodeConflict, "the server already has 500 channels"},
	40032: {core.ErrDiscordNotInVoice, core.CodeConflict, "that member is not in a voice channel"},
	50083: {core.ErrDiscordThreadArchived, core.CodeConflict, "the thread is archived"},
	50013: {core.ErrDiscordMissingPermissions, core.CodeForbidden, "Warden lacks the permission to do that; check its role and its position above the target's roles"},
}

// DiscordError turns an error from disgo's REST client into a typed *Error
// that says what failed (op, e.g. "ban member") in words a user
// understands. It returns nil for nil.
func DiscordError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ue *core.Error
	if errors.As(err, &ue) {
		return err
	}
	var re rest.Error
	if errors.As(err, &re) {
		// Discord reports a full category as a form error on parent_id.
		if re.Code == 50035 && bytes.Contains(re.Errors, []byte("CHANNEL_PARENT_MAX_CHANNELS")) {
			return &core.Error{Code: core.CodeConflict, Message: fmt.Sprintf("could not %s: the category already has 50 channels", op), Err: fmt.Errorf("%w: %s: %v", core.ErrDiscordLimitReached, op, err)}
		}
		if m, ok := discordCodes[re.Code]; ok {
			return &core.Error{Code: m.code, Message: fmt.Sprintf("could not %s: %s", op, m.message), Err: fmt.Errorf("%w: %s: %v", m.sentinel, op, err)}
		}
		if re.Response != nil {
			switch re.Response.StatusCode {
			case http.StatusUnauthorized:
				return &core.Error{Code: core.CodeDiscord, Message: fmt.Sprintf("could not %s: Discord rejected the bot token (401 Unauthorized); set DISCORD_TOKEN to the bot token from the Discord developer portal (your application → Bot)", op), Err: fmt.Errorf("%w: %s: %v", core.ErrDiscordBadToken, op, err)}
			case http.StatusTooManyRequests:
				return &core.Error{Code: core.CodeRateLimited, Message: fmt.Sprintf("could not %s: Discord is rate limiting Warden; try again in a moment", op), Err: fmt.Errorf("%w: %s: %v", core.ErrDiscordRateLimited, op, err)}
			case http.StatusForbidden:
				return &core.Error{Code: core.CodeForbidden, Message: fmt.Sprintf("could not %s: Warden lacks the permission to do that", op), Err: fmt.Errorf("%w: %s: %v", core.ErrDiscordMissingPermissions, op, err)}
			case http.StatusNotFound:
				return &core.Error{Code: core.CodeNotFound, Message: fmt.Sprintf("could not %s: not found on Discord", op), Err: fmt.Errorf("%w: %s: %v", core.ErrDiscordRequest, op, err)}
			}
		}
	}
	return &core.Error{Code: core.CodeDiscord, Message: fmt.Sprintf("could not %s: Discord did not accept the request", op), Err: fmt.Errorf("%w: %s: %v", core.ErrDiscordRequest, op, err)}
}
