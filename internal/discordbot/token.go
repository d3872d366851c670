package discordbot

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/disgoorg/snowflake/v2"
)

// ErrDiscordTokenFormat is a DISCORD_TOKEN that cannot be a bot token:
// checked locally, before anything is sent to Discord.
var ErrDiscordTokenFormat = errors.New("DISCORD_TOKEN is not a bot token")

// applicationIDFromToken reads the application id from a bot token the way
// disgo does (its first dot-separated part is the base64 id), so that a
// malformed token is reported as what it is rather than as a failed
// request.
func applicationIDFromToken(token string) (snowflake.ID, error) {
	bad := func(why string) error {
		return fmt.Errorf("discord: %w: %s; copy the token from the Discord developer portal (your application → Bot → Reset Token), without a \"Bot \" prefix", ErrDiscordTokenFormat, why)
	}
	if strings.HasPrefix(token, "Bot ") {
		return 0, bad("it starts with \"Bot \"")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return 0, bad(fmt.Sprintf("it has %d dot-separated parts, not 3", len(parts)))
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(parts[0], "="))
	if err != nil {
		return 0, bad("its first part is not base64")
	}
	id, err := snowflake.Parse(string(raw))
	if err != nil {
		return 0, bad("its first part is not an application id")
	}
	return id, nil
}
