package discordbot

import (
	"github.com/disgoorg/disgo/discord"

	"github.com/warden-bot/warden/core"
)

// attachments describes a message's files for the domain events.
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
		out = append(out, core.MessageAttachment{ID: a.ID.String(), Name: a.Filename, URL: a.URL, ContentType: ct, Size: a.Size})
	}
	return out
}
