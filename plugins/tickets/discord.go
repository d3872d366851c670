package tickets

import (
	"context"

	"github.com/warden-bot/warden/core"
)

// This file is where Discord's gateway meets the domain: messages in
// ticket channels become logged messages. Commands are in
// discord_commands.go, buttons and modals in discord_components.go.

// Intents implements core.IntentsDeclarer: transcripts need the messages
// and their content.
func (p *Plugin) Intents() core.Intents {
	return core.IntentGuildMessages | core.IntentMessageContent
}

// OnDiscordEvent implements core.DiscordListener: messages posted, edited
// and deleted in ticket channels are logged for the transcript, and a
// ticket whose channel or thread is deleted on Discord is settled.
func (p *Plugin) OnDiscordEvent(ctx context.Context, ev core.DiscordEvent) {
	var err error
	switch m := ev.(type) {
	case core.MessageCreated:
		err = p.svc.LogMessage(ctx, loggedMessage(m))
	case core.MessageUpdated:
		err = p.svc.EditMessage(ctx, m.ChannelID, m.MessageID, m.Content, m.EditedAt)
	case core.MessageDeleted:
		err = p.svc.DeleteMessage(ctx, m.ChannelID, m.MessageID)
	case core.ChannelChanged:
		if m.Change == core.Deleted {
			err = p.svc.ChannelGone(ctx, m.Channel.ID)
		}
	case core.ThreadChanged:
		if m.Change == core.Deleted {
			err = p.svc.ChannelGone(ctx, m.ThreadID)
		}
	case core.MessagesBulkDeleted:
		for _, id := range m.MessageIDs {
			if err = p.svc.DeleteMessage(ctx, m.ChannelID, id); err != nil {
				break
			}
		}
	}
	if err != nil {
		p.pc.Logger.Warn("ticket message log", "guild", ev.EventGuildID(), "err", err)
	}
}

// loggedMessage turns a gateway message into a logged one.
func loggedMessage(m core.MessageCreated) LoggedMessage {
	out := LoggedMessage{GuildID: m.GuildID, ChannelID: m.ChannelID, MessageID: m.MessageID, AuthorID: m.AuthorID,
		AuthorName: m.AuthorName, AuthorBot: m.AuthorBot, Content: m.Content, At: m.At.UTC()}
	for _, e := range m.Embeds {
		le := LoggedEmbed{Title: e.Title, Description: e.Description, Color: e.Color, Footer: e.Footer, Fields: []EmbedField{}}
		for _, f := range e.Fields {
			le.Fields = append(le.Fields, EmbedField{Name: f.Name, Value: f.Value})
		}
		out.Embeds = append(out.Embeds, le)
	}
	for _, a := range m.Attachments {
		out.Attachments = append(out.Attachments, Attachment{Name: a.Filename, URL: a.URL, ContentType: a.ContentType, Size: a.Size})
	}
	return out
}

var (
	_ core.IntentsDeclarer = (*Plugin)(nil)
	_ core.DiscordListener = (*Plugin)(nil)
)
