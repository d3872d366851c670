package core

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"
	"github.com/disgoorg/disgo/rest"
)

// commandTimeout bounds a command handler; Discord accepts follow-ups for
// 15 minutes, but a handler should not hold a worker that long.
const commandTimeout = time.Minute

// Interaction is one slash command run, as a plugin's handler sees it.
type Interaction struct {
	// GuildID is empty when the command was run in DMs.
	GuildID, ChannelID, UserID, Username string
	// Command is the command's name.
	Command string
	// Subcommand is the subcommand run ("show" for /case show), and
	// SubcommandGroup the group it sits in; both are empty for a command
	// without subcommands. Options are read by name whatever the nesting:
	// disgo flattens the chosen subcommand's options.
	Subcommand, SubcommandGroup string
	// Permissions is the invoking member's permission bitfield in the
	// channel (0 in DMs).
	Permissions uint64

	ev      *events.ApplicationCommandInteractionCreate
	data    discord.SlashCommandInteractionData
	replied bool
}

// String returns a string option, or "" when absent.
func (inv *Interaction) String(name string) string {
	s, _ := inv.data.OptString(name)
	return s
}

// Int returns an integer option, or 0 when absent.
func (inv *Interaction) Int(name string) int {
	n, _ := inv.data.OptInt(name)
	return n
}

// Bool returns a boolean option, or false when absent.
func (inv *Interaction) Bool(name string) bool {
	b, _ := inv.data.OptBool(name)
	return b
}

// UserOption returns a user option's id, or "" when absent.
func (inv *Interaction) UserOption(name string) string {
	if id, ok := inv.data.OptSnowflake(name); ok {
		return id.String()
	}
	return ""
}

// Reply answers the interaction with a message; ephemeral ones only the
// invoking user sees. After Defer it edits the deferred message.
func (inv *Interaction) Reply(ctx context.Context, content string, ephemeral bool) error {
	if inv.replied {
		_, err := inv.ev.Client().Rest().UpdateInteractionResponse(inv.ev.ApplicationID(), inv.ev.Token(),
			discord.MessageUpdate{Content: &content}, rest.WithCtx(ctx))
		return DiscordError("edit the command reply", err)
	}
	msg := discord.MessageCreate{Content: content}
	if ephemeral {
		msg.Flags = discord.MessageFlagEphemeral
	}
	inv.replied = true
	return DiscordError("reply to the command", inv.ev.CreateMessage(msg, rest.WithCtx(ctx)))
}

// Defer acknowledges the interaction so that the handler may take longer
// than Discord's 3 seconds; Reply then edits the deferred message.
func (inv *Interaction) Defer(ctx context.Context, ephemeral bool) error {
	if inv.replied {
		return nil
	}
	inv.replied = true
	return DiscordError("acknowledge the command", inv.ev.DeferCreateMessage(ephemeral, rest.WithCtx(ctx)))
}

// Followup posts another message after the reply.
func (inv *Interaction) Followup(ctx context.Context, content string, ephemeral bool) error {
	msg := discord.MessageCreate{Content: content}
	if ephemeral {
		msg.Flags = discord.MessageFlagEphemeral
	}
	_, err := inv.ev.Client().Rest().CreateFollowupMessage(inv.ev.ApplicationID(), inv.ev.Token(), msg, rest.WithCtx(ctx))
	return DiscordError("send a follow-up", err)
}

// routeCommand finds the command's plugin and runs its handler on the
// guild's worker.
func (d *Discord) routeCommand(ev *events.ApplicationCommandInteractionCreate) {
	data, ok := ev.Data.(discord.SlashCommandInteractionData)
	if !ok {
		return
	}
	rc, ok := d.commands[data.CommandName()]
	if !ok {
		d.log.Warn("interaction for an unknown command", "command", data.CommandName())
		return
	}
	inv := &Interaction{ev: ev, data: data, Command: data.CommandName(), ChannelID: ev.ChannelID().String(),
		UserID: ev.User().ID.String(), Username: ev.User().Username}
	if data.SubCommandName != nil {
		inv.Subcommand = *data.SubCommandName
	}
	if data.SubCommandGroupName != nil {
		inv.SubcommandGroup = *data.SubCommandGroupName
	}
	key := inv.ChannelID
	if gid := ev.GuildID(); gid != nil {
		inv.GuildID, key = gid.String(), gid.String()
	}
	if m := ev.Member(); m != nil {
		inv.Permissions = uint64(m.Permissions)
	}
	d.enqueue(key, func(ctx context.Context) { d.runCommand(ctx, rc, inv) })
}

func (d *Discord) runCommand(ctx context.Context, rc routedCommand, inv *Interaction) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				rc.plugin.pc.Logger.Error("recovered from panic", "in", "command /"+inv.Command, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = &Error{Code: CodeInternal, Message: "something went wrong running this command", Err: fmt.Errorf("panic: %v", r)}
			}
		}()
		return rc.cmd.Handle(ctx, inv)
	}()
	d.stats.commandRan()
	act := Activity{Type: ActivitySuccess, Kind: "command", Plugin: rc.plugin.info.ID, Command: inv.Command,
		GuildID: inv.GuildID, UserID: inv.UserID, Message: fmt.Sprintf("/%s run%s", inv.Command, d.where(inv.GuildID))}
	if err != nil {
		ue := AsUserError(err)
		act.Type, act.Message = ActivityError, fmt.Sprintf("/%s failed%s: %s", inv.Command, d.where(inv.GuildID), ue.Message)
		if ue.Code == CodeInternal && !errors.Is(err, ErrDiscordRequest) {
			rc.plugin.pc.Logger.Error("command failed", "command", inv.Command, "guild", inv.GuildID, "err", err)
		}
		if !inv.replied {
			if rerr := inv.Reply(ctx, "⚠️ "+ue.Message, true); rerr != nil {
				d.log.Warn("could not tell the user a command failed", "command", inv.Command, "err", rerr)
			}
		}
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
