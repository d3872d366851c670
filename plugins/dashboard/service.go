package dashboard

import (
	"context"

	"github.com/warden-bot/warden/core"
)

// SaveSettings saves the guild's settings from a request body. The save
// (core.GuildConfig) writes the audit entry and broadcasts
// dashboard:settings_updated with the saved document.
func (p *Plugin) SaveSettings(ctx context.Context, guildID string, body []byte, by string) (core.ConfigDoc, error) {
	saved, _, err := p.settings.PutJSON(ctx, guildID, body, by)
	return saved, err
}
