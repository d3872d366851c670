package discordbot

import (
	"github.com/disgoorg/disgo/discord"

	"github.com/warden-bot/warden/core"
)

// messageMedia translates a message's embeds and attachments' metadata,
// for plugins that keep messages (ticket transcripts).
func messageMedia(m discord.Message) ([]core.Embed, []core.MessageAttachment) {
	var embeds []core.Embed
	for _, e := range m.Embeds {
		ce := core.Embed{Title: e.Title, Description: e.Description, URL: e.URL, Color: e.Color, Timestamp: e.Timestamp}
		if e.Footer != nil {
			ce.Footer = e.Footer.Text
		}
		if e.Author != nil {
			ce.Author = e.Author.Name
		}
		for _, f := range e.Fields {
			inline := f.Inline != nil && *f.Inline
			ce.Fields = append(ce.Fields, core.EmbedField{Name: f.Name, Value: f.Value, Inline: inline})
		}
		embeds = append(embeds, ce)
	}
	return embeds, attachments(m)
}

// attachments describes a message's files.
func attachments(m discord.Message) []core.MessageAttachment {
	if len(m.Attachments) == 0 {
		return nil
	}
	out := make([]core.MessageAttachment, 0, len(m.Attachments))
	for _, a := range m.Attachments {
		ct := ""
		if a.ContentType != nil {
			ct = *a.ContentType
		}
		out = append(out, core.MessageAttachment{ID: a.ID.String(), Filename: a.Filename, URL: a.URL, ContentType: ct, Size: a.Size})
	}
	return out
}
