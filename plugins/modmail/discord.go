package modmail

import (
	"context"
	"strings"

	"github.com/warden-bot/warden/core"
)

// This file is where Discord meets the domain: DMs, their edits and
// deletes, members leaving, and the DM's menus and buttons become service
// calls.

// Intents implements core.IntentsDeclarer: DMs (whose content the bot
// receives without the privileged intent), members leaving, and guild
// message deletes (staff deleting a reply's copy in the staff channel).
func (p *Plugin) Intents() core.Intents {
	return core.IntentDirectMessages | core.IntentGuildMembers | core.IntentGuildMessages
}

// OnDiscordEvent implements core.DiscordListener.
func (p *Plugin) OnDiscordEvent(ctx context.Context, ev core.DiscordEvent) {
	var err error
	switch e := ev.(type) {
	case core.DirectMessage:
		err = p.svc.HandleDM(ctx, Incoming{UserID: e.AuthorID, UserName: e.AuthorName, ChannelID: e.ChannelID, MessageID: e.MessageID,
			Content: e.Content, Attachments: attachmentsOf(e), At: e.At})
	case core.MessageUpdated:
		if e.GuildID == "" && e.AuthorID != p.pc.Discord().BotID() {
			err = p.svc.UserEdited(ctx, e.MessageID, e.Content)
		}
	case core.MessageDeleted:
		if e.GuildID == "" {
			err = p.svc.UserDeleted(ctx, e.MessageID)
		} else {
			err = p.svc.StaffCopyDeleted(ctx, e.GuildID, e.MessageID)
		}
	case core.MemberLeft:
		err = p.svc.MemberLeft(ctx, e.GuildID, e.UserID)
	case core.ChannelChanged:
		if e.Change == core.Deleted {
			err = p.svc.ChannelDeleted(ctx, e.Channel.ID)
		}
	}
	if err != nil {
		p.pc.Logger.Warn("modmail", "event", typeName(ev), "err", err)
	}
}

func typeName(ev core.DiscordEvent) string {
	switch ev.(type) {
	case core.DirectMessage:
		return "dm"
	case core.MessageUpdated:
		return "dm edit"
	case core.MessageDeleted:
		return "dm delete"
	case core.MemberLeft:
		return "member left"
	case core.ChannelChanged:
		return "channel deleted"
	}
	return "event"
}

// HandleComponent implements core.ComponentHandler: the DM's server and
// department menus and the confirmation buttons. Each answer replaces the
// prompt.
func (p *Plugin) HandleComponent(ctx context.Context, inv *core.Interaction) error {
	parts := strings.Split(inv.CustomID, ":")
	var resp core.Response
	var err error
	switch {
	case len(parts) == 2 && parts[1] == "guild" && len(inv.Values) == 1:
		resp, err = p.svc.Proceed(ctx, inv.UserID, inv.Values[0], "", false)
	case len(parts) == 3 && parts[1] == "dept" && len(inv.Values) == 1:
		resp, err = p.svc.Proceed(ctx, inv.UserID, parts[2], inv.Values[0], false)
	case len(parts) == 4 && parts[1] == "confirm":
		resp, err = p.svc.Proceed(ctx, inv.UserID, parts[2], parts[3], true)
	case len(parts) == 2 && parts[1] == "cancel":
		p.svc.Cancel(ctx, inv.UserID)
		resp = core.Response{Content: "Cancelled: your message was not passed on."}
	default:
		return core.BadRequest("unknown modmail control %q", inv.CustomID)
	}
	if err != nil {
		ue := core.AsUserError(err)
		msg := "Something went wrong; please try again in a minute."
		if ue.Code != core.CodeInternal {
			msg = "Your message was not passed on: " + ue.Message + "."
		}
		resp = core.Response{Content: msg}
		p.pc.Logger.Warn("modmail choice", "user", inv.UserID, "control", inv.CustomID, "err", err)
	}
	if resp.Components == nil {
		resp.Components = []core.ActionRow{}
	}
	return inv.Update(ctx, resp)
}

// attachmentsOf reads a DM's attachments.
func attachmentsOf(e core.DirectMessage) []Attachment {
	out := make([]Attachment, 0, len(e.Attachments))
	for _, a := range e.Attachments {
		out = append(out, Attachment{Name: a.Filename, URL: a.URL, Size: a.Size})
	}
	return out
}

var (
	_ core.IntentsDeclarer  = (*Plugin)(nil)
	_ core.DiscordListener  = (*Plugin)(nil)
	_ core.ComponentHandler = (*Plugin)(nil)
)
