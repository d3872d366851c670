package discordbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
)

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

func stack() string { return string(debug.Stack()) }

func idStrings(ids []snowflake.ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// runCommand runs a command's handler and records the run.
func (d *Discord) runCommand(ctx context.Context, rc routedCommand, inv *core.Interaction) {
	err := d.runInteraction(ctx, rc.plugin, inv, "command", rc.display(), rc.cmd.Handle)
	d.stats.commandRan()
	act := core.Activity{Type: core.ActivitySuccess, Kind: "command", Plugin: rc.plugin.Info.ID, Command: inv.Command,
		GuildID: inv.GuildID, UserID: inv.UserID, Message: fmt.Sprintf("%s run%s", rc.display(), d.where(inv.GuildID))}
	switch {
	case errors.Is(err, core.ErrReplyFailed):
		// The handler did its work; only its answer was lost (an expired
		// interaction, Discord down): say so, so staff do not redo it.
		act.Type = core.ActivityError
		act.Message = fmt.Sprintf("%s ran%s, but its answer did not reach Discord: %s", rc.display(), d.where(inv.GuildID), core.AsUserError(err).Message)
	case err != nil:
		act.Type, act.Message = core.ActivityError, fmt.Sprintf("%s failed%s: %s", rc.display(), d.where(inv.GuildID), core.AsUserError(err).Message)
	}
	if rerr := d.core.RecordActivity(context.WithoutCancel(ctx), act); rerr != nil {
		d.log.Warn("record command run", "command", inv.Command, "err", rerr)
	}
}

// where names the guild for activity messages.
func (d *Discord) where(guildID string) string {
	if guildID == "" {
		return " in DMs"
	}
	if g, ok, _ := d.Guild(context.Background(), guildID); ok {
		return " in " + g.Name
	}
	return ""
}
