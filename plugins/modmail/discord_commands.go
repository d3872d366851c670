package modmail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

func ptr[T any](v T) *T { return &v }

func textOpt(name, desc string, required bool, max int) core.CommandOption {
	return core.CommandOption{Type: core.OptionString, Name: name, Description: desc, Required: required, MaxLength: ptr(max)}
}

func subcommand(name, desc string, opts ...core.CommandOption) core.CommandOption {
	return core.CommandOption{Type: core.OptionSubcommand, Name: name, Description: desc, Options: opts}
}

// Commands implements core.CommandProvider. /reply, /areply and /snippet
// answer in a conversation's channel; /modmail note adds a note (/note is
// moderation's) and the other /modmail subcommands manage it.
func (p *Plugin) Commands() []core.Command {
	cmd := func(name, desc string, run func(context.Context, *core.Interaction, *Conversation) (string, error), opts ...core.CommandOption) core.Command {
		return core.Command{Name: name, Description: desc, Options: opts, DeferEphemeral: true,
			Handle: func(ctx context.Context, inv *core.Interaction) error { return p.inConversation(ctx, inv, run) }}
	}
	prio := textOpt("level", "low, normal, high or urgent", true, 10)
	prio.Choices = []core.Choice{{Name: "low", Value: "low"}, {Name: "normal", Value: "normal"}, {Name: "high", Value: "high"}, {Name: "urgent", Value: "urgent"}}
	return []core.Command{
		cmd("reply", "Answer the member of this modmail conversation", p.runReply(false), textOpt("text", "Your answer", true, maxContentLen)),
		cmd("areply", "Answer the member anonymously (as Staff)", p.runReply(true), textOpt("text", "Your answer", true, maxContentLen)),
		cmd("snippet", "Send a saved reply", p.runSnippet, textOpt("name", "The snippet's name", true, 32),
			core.CommandOption{Type: core.OptionBoolean, Name: "anonymous", Description: "Send it as Staff"}),
		{Name: "modmail", Description: "Manage this modmail conversation", DeferEphemeral: true, Options: []core.CommandOption{
			subcommand("note", "Add a note to this conversation that the member never sees", textOpt("text", "The note", true, maxContentLen)),
			subcommand("close", "Close the conversation, now or later", textOpt("reason", "Why (told to the member unless silent)", false, maxReasonLen),
				textOpt("in", "Close after this long: 30m, 2h, 1d", false, 10),
				core.CommandOption{Type: core.OptionBoolean, Name: "silent", Description: "Do not tell the member"}),
			subcommand("cancel-close", "Cancel a scheduled close"),
			subcommand("claim", "Take the conversation"),
			subcommand("unclaim", "Release the conversation"),
			subcommand("priority", "Set the conversation's priority", prio),
			subcommand("move", "Move the conversation to another department", textOpt("department", "The department's name", true, 50)),
			subcommand("block", "Keep a user from opening conversations", core.CommandOption{Type: core.OptionUser, Name: "user", Description: "Who", Required: true},
				textOpt("reason", "Why (told to them when they write)", false, maxReasonLen), textOpt("for", "How long: 7d, 12h; empty: until lifted", false, 10)),
			subcommand("unblock", "Lift a user's block", core.CommandOption{Type: core.OptionUser, Name: "user", Description: "Who", Required: true}),
		}, Handle: p.runModmail},
	}
}

// staffOnly refuses members who are not the guild's modmail staff.
func (p *Plugin) staffOnly(ctx context.Context, inv *core.Interaction) error {
	if inv.GuildID == "" || !p.svc.IsStaff(ctx, inv.GuildID, inv.UserID, inv.Permissions) {
		return core.Errorf(core.CodeForbidden, "only this server's modmail staff may do that")
	}
	return nil
}

// inConversation runs a command that acts on the conversation of the
// channel it is run in.
func (p *Plugin) inConversation(ctx context.Context, inv *core.Interaction, run func(context.Context, *core.Interaction, *Conversation) (string, error)) error {
	if err := p.staffOnly(ctx, inv); err != nil {
		return err
	}
	conv, err := p.svc.st.byChannel(ctx, inv.ChannelID)
	if err != nil || conv.GuildID != inv.GuildID {
		return core.Errorf(core.CodeBadRequest, "run this in a modmail conversation's channel")
	}
	msg, err := run(ctx, inv, conv)
	if err != nil {
		return err
	}
	return inv.Reply(ctx, msg, true)
}

func (p *Plugin) runReply(anonymous bool) func(context.Context, *core.Interaction, *Conversation) (string, error) {
	return func(ctx context.Context, inv *core.Interaction, c *Conversation) (string, error) {
		if _, err := p.svc.Reply(ctx, c.GuildID, c.Number, inv.UserID, ReplyInput{Content: inv.String("text"), Anonymous: anonymous}); err != nil {
			return "", err
		}
		return "Sent to the member.", nil
	}
}

func (p *Plugin) runNote(ctx context.Context, inv *core.Interaction, c *Conversation) (string, error) {
	if _, err := p.svc.Note(ctx, c.GuildID, c.Number, inv.UserID, inv.String("text")); err != nil {
		return "", err
	}
	return "Note added (the member does not see it).", nil
}

func (p *Plugin) runSnippet(ctx context.Context, inv *core.Interaction, c *Conversation) (string, error) {
	in := ReplyInput{Snippet: inv.String("name"), Anonymous: inv.Bool("anonymous")}
	if _, err := p.svc.Reply(ctx, c.GuildID, c.Number, inv.UserID, in); err != nil {
		return "", err
	}
	return fmt.Sprintf("Snippet %q sent to the member.", in.Snippet), nil
}

// runModmail runs /modmail's subcommands.
func (p *Plugin) runModmail(ctx context.Context, inv *core.Interaction) error {
	switch inv.Subcommand {
	case "block", "unblock":
		if err := p.staffOnly(ctx, inv); err != nil {
			return err
		}
		msg, err := p.runBlock(ctx, inv)
		if err != nil {
			return err
		}
		return inv.Reply(ctx, msg, true)
	}
	return p.inConversation(ctx, inv, func(ctx context.Context, inv *core.Interaction, c *Conversation) (string, error) {
		g, n, by := c.GuildID, c.Number, inv.UserID
		var err error
		switch inv.Subcommand {
		case "note":
			return p.runNote(ctx, inv, c)
		case "close":
			after, perr := parseDuration("in", inv.String("in"))
			if perr != nil {
				return "", perr
			}
			_, err = p.svc.Close(ctx, g, n, by, CloseInput{Reason: inv.String("reason"), Silent: inv.Bool("silent"), AfterSeconds: int64(after / time.Second)})
			if err == nil && after > 0 {
				return fmt.Sprintf("Conversation #%d closes in %s.", n, after), nil
			}
			return fmt.Sprintf("Conversation #%d closed.", n), err
		case "cancel-close":
			_, err = p.svc.CancelClose(ctx, g, n, by)
			return "The scheduled close is cancelled.", err
		case "claim":
			_, err = p.svc.Claim(ctx, g, n, by)
			return fmt.Sprintf("You claimed conversation #%d.", n), err
		case "unclaim":
			_, err = p.svc.Unclaim(ctx, g, n, by)
			return fmt.Sprintf("Conversation #%d is unclaimed.", n), err
		case "priority":
			level := inv.String("level")
			_, err = p.svc.Update(ctx, g, n, by, Patch{Priority: &level})
			return "Priority set to " + level + ".", err
		case "move":
			dep := inv.String("department")
			_, err = p.svc.Update(ctx, g, n, by, Patch{Department: &dep})
			return "Moved to " + dep + ".", err
		}
		return "", core.BadRequest("unknown subcommand %q", inv.Subcommand)
	})
}

func (p *Plugin) runBlock(ctx context.Context, inv *core.Interaction) (string, error) {
	user := inv.UserOption("user")
	if inv.Subcommand == "unblock" {
		if err := p.svc.Unblock(ctx, inv.GuildID, user); err != nil {
			return "", err
		}
		return fmt.Sprintf("<@%s> may open conversations again.", user), nil
	}
	d, err := parseDuration("for", inv.String("for"))
	if err != nil {
		return "", err
	}
	if _, err := p.svc.BlockUser(ctx, inv.GuildID, inv.UserID, BlockInput{UserID: user, Reason: inv.String("reason"), ExpiresInSeconds: int64(d / time.Second)}); err != nil {
		return "", err
	}
	if d > 0 {
		return fmt.Sprintf("<@%s> is blocked from modmail for %s.", user, d), nil
	}
	return fmt.Sprintf("<@%s> is blocked from modmail until unblocked.", user), nil
}

// parseDuration reads "30m", "2h", "1d" (or Go's forms); "" is zero.
func parseDuration(field, s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err != nil || n < 1 || n > 30 {
			return 0, core.BadRequest("%s: 1d to 30d", field)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute || d > 30*24*time.Hour {
		return 0, core.BadRequest("%s: a duration such as 30m, 2h or 1d, from a minute to 30 days", field)
	}
	return d, nil
}

var _ core.CommandProvider = (*Plugin)(nil)
