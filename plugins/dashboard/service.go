package dashboard

import (
	"context"

	"github.com/warden-bot/warden/core"
)

// SaveSettings saves the guild's settings from a request body, then
// broadcasts dashboard:settings_updated with the saved document.
func (p *Plugin) SaveSettings(ctx context.Context, guildID string, body []byte, by string) (core.ConfigDoc, error) {
	saved, prev, err := p.settings.PutJSON(ctx, guildID, body, by)
	if err != nil {
		return nil, err
	}
	core.NoteChange(ctx, "settings.update", prev, saved)
	if err := p.pc.Broadcast(guildID, core.EventSettingsUpdated, saved); err != nil {
		p.pc.Logger.Error("broadcast settings update", "guild", guildID, "err", err)
	}
	return saved, nil
}
