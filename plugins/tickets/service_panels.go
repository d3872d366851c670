package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Deleted is the payload of a *_deleted event.
type Deleted struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	UpdatedBy string `json:"updatedBy"`
}

// checkPanel validates a panel and checks its channels and roles against
// the guild (when Discord's cache knows it), kinds included: a panel is
// posted in a text channel, ticket channels go in a Discord category, and
// threads are started in a text channel.
func (s *Service) checkPanel(guildID string, in *PanelInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.checkKinds(guildID, in); err != nil {
		return err
	}
	dc := s.dc()
	if !dc.Connected() {
		return nil
	}
	if !dc.HasChannel(guildID, in.ChannelID) {
		return core.BadRequest("channelId: the server has no channel %s", in.ChannelID)
	}
	for i, c := range in.Categories {
		for _, ref := range []struct{ name, id string }{{"parentId", c.ParentID}, {"overflowParentId", c.OverflowParentID}} {
			if ref.id != "" && !dc.HasChannel(guildID, ref.id) {
				return core.BadRequest("categories[%d].%s: the server has no channel %s", i, ref.name, ref.id)
			}
		}
		for j, r := range c.StaffRoles {
			if !dc.HasRole(guildID, r) {
				return core.BadRequest("categories[%d].staffRoles[%d]: the server has no role %s", i, j, r)
			}
		}
	}
	return nil
}

// checkKinds checks the kinds of the channels a panel names.
func (s *Service) checkKinds(guildID string, in *PanelInput) error {
	nd := s.pc.Names()
	if nd == nil {
		return nil
	}
	chans, err := nd.Channels(context.Background(), guildID)
	if err != nil {
		return nil // checked again by Discord when used
	}
	kind := map[string]string{}
	for _, c := range chans {
		kind[c.ID] = c.Kind
	}
	want := func(field, id, k, what string) error {
		if got, known := kind[id]; id != "" && known && got != k {
			return core.BadRequest("%s: choose %s (that one is a %s channel)", field, what, got)
		}
		return nil
	}
	if err := want("channelId", in.ChannelID, core.ChannelKindText, "a text channel"); err != nil {
		return err
	}
	for i, c := range in.Categories {
		field := fmt.Sprintf("categories[%d]", i)
		parentKind, parentWhat := core.ChannelKindCategory, "a category"
		if c.Mode == ModeThread {
			parentKind, parentWhat = core.ChannelKindText, "a text channel to hold the threads"
		}
		if err := want(field+".parentId", c.ParentID, parentKind, parentWhat); err != nil {
			return err
		}
		if err := want(field+".overflowParentId", c.OverflowParentID, core.ChannelKindCategory, "a category"); err != nil {
			return err
		}
	}
	return nil
}

// PanelsQuery is the guild's panel list, oldest first.
func PanelsQuery(guildID string) store.Query {
	return store.Where("guildId", guildID).OrderBy("createdAt")
}

// ListPanels lists the guild's panels.
func (s *Service) ListPanels(ctx context.Context, _ string, q store.Query) (store.Page[Panel], error) {
	return s.panels.Page(ctx, q)
}

// Panel returns one of the guild's panels.
func (s *Service) Panel(ctx context.Context, guildID, id string) (*Panel, error) {
	return s.panels.Get(ctx, guildID, id)
}

// CreatePanel posts the panel in its channel and saves it. The message is
// posted first (with the panel's id chosen up front, for its buttons), so
// a panel that Discord refused is never saved; a save that fails removes
// the message again.
func (s *Service) CreatePanel(ctx context.Context, guildID string, in PanelInput, by string) (*Panel, error) {
	if err := s.checkPanel(guildID, &in); err != nil {
		return nil, err
	}
	p := &Panel{Meta: store.Meta{ID: store.NewID()}, GuildID: guildID, PanelInput: in, CreatedAt: s.clock()}
	msgID, err := s.dc().Send(ctx, in.ChannelID, panelMessage(p))
	if err != nil {
		return nil, fmt.Errorf("tickets: post panel %q in guild %s: %w", in.Name, guildID, err)
	}
	p.MessageID = msgID
	saved, err := s.panels.Create(ctx, p, by)
	if err != nil {
		if derr := s.dc().DeleteMessage(ctx, in.ChannelID, msgID, "panel not saved"); derr != nil {
			s.log.Warn("panel message left after a failed save", "guild", guildID, "message", msgID, "err", derr)
		}
		return nil, err
	}
	return saved, nil
}

// UpdatePanel saves the panel at its version and re-syncs its Discord
// message: edited in place, or, when the panel moved to another channel,
// posted there first (so the one save records the new message) and then
// removed from the old one.
func (s *Service) UpdatePanel(ctx context.Context, guildID, id string, in PanelInput, version int64, by string) (*Panel, error) {
	cur, err := s.panels.Get(ctx, guildID, id)
	if err != nil {
		return nil, err
	}
	if err := s.checkPanel(guildID, &in); err != nil {
		return nil, err
	}
	moved, newMsg := cur.ChannelID != in.ChannelID, ""
	if moved && (version == 0 || version == cur.Version) {
		next := *cur
		next.PanelInput = in
		if newMsg, err = s.dc().Send(ctx, in.ChannelID, panelMessage(&next)); err != nil {
			return nil, fmt.Errorf("tickets: post panel %q in its new channel: %w", in.Name, err)
		}
	}
	var oldChannel, oldMessage string
	saved, err := s.panels.Update(ctx, guildID, id, version, by, func(p *Panel) error {
		oldChannel, oldMessage = p.ChannelID, p.MessageID
		if p.ChannelID != in.ChannelID && newMsg == "" {
			return core.Errorf(core.CodeConflict, "panel %q moved meanwhile; reload it and try again", p.Name)
		}
		p.PanelInput = in
		if newMsg != "" {
			p.MessageID = newMsg
		}
		return nil
	})
	if err != nil {
		if newMsg != "" {
			_ = s.dc().DeleteMessage(ctx, in.ChannelID, newMsg, "panel not saved")
		}
		return nil, err
	}
	if newMsg != "" {
		if oldMessage != "" {
			if err := s.dc().DeleteMessage(ctx, oldChannel, oldMessage, "panel moved"); err != nil && !errors.Is(err, core.ErrDiscordUnknownMessage) {
				s.log.Warn("old panel message not deleted", "guild", guildID, "panel", id, "err", err)
			}
		}
		return saved, nil
	}
	return s.syncPanel(ctx, saved, saved.ChannelID, saved.MessageID, by)
}

// RepostPanel posts the panel's message again (after it was deleted on
// Discord, or to bring it to the bottom of its channel).
func (s *Service) RepostPanel(ctx context.Context, guildID, id, by string) (*Panel, error) {
	p, err := s.panels.Get(ctx, guildID, id)
	if err != nil {
		return nil, err
	}
	if p.MessageID != "" {
		if err := s.dc().DeleteMessage(ctx, p.ChannelID, p.MessageID, "panel reposted"); err != nil && !errors.Is(err, core.ErrDiscordUnknownMessage) {
			return nil, fmt.Errorf("tickets: repost panel %q: %w", p.Name, err)
		}
	}
	return s.syncPanel(ctx, p, p.ChannelID, "", by)
}

// syncPanel makes the Discord message show the saved panel: edited in
// place, or posted anew when it was deleted on Discord (or never posted).
func (s *Service) syncPanel(ctx context.Context, p *Panel, oldChannel, oldMessage, by string) (*Panel, error) {
	dc := s.dc()
	msg := panelMessage(p)
	if oldMessage != "" && oldChannel == p.ChannelID {
		err := dc.EditMessage(ctx, p.ChannelID, oldMessage, msg)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, core.ErrDiscordUnknownMessage) {
			return nil, fmt.Errorf("tickets: panel %q saved, but its Discord message was not updated: %w", p.Name, err)
		}
	}
	msgID, err := dc.Send(ctx, p.ChannelID, msg)
	if err != nil {
		return nil, fmt.Errorf("tickets: panel %q saved, but it could not be posted: %w", p.Name, err)
	}
	return s.panels.Update(ctx, p.GuildID, p.ID, 0, by, func(d *Panel) error { d.MessageID = msgID; return nil })
}

// DeletePanel deletes the panel and its Discord message. Its tickets stay.
func (s *Service) DeletePanel(ctx context.Context, guildID, id, by string) error {
	p, err := s.panels.Delete(ctx, guildID, id, 0, by)
	if err != nil {
		return err
	}
	if p.MessageID != "" {
		if err := s.dc().DeleteMessage(ctx, p.ChannelID, p.MessageID, "panel deleted"); err != nil && !errors.Is(err, core.ErrDiscordUnknownMessage) {
			s.log.Warn("panel message not deleted", "guild", guildID, "panel", id, "err", err)
		}
	}
	return nil
}

// panelMessage renders a panel as its Discord message.
func panelMessage(p *Panel) core.Response {
	color := p.Color
	if color == 0 {
		color = 0x5865F2
	}
	r := core.Response{Embeds: []core.Embed{{Title: p.Title, Description: p.Description, Color: color}}, Mentions: core.NoMentions}
	if p.Style == StyleSelect {
		menu := core.SelectMenu{CustomID: selectID(p.ID), Placeholder: "Choose what your ticket is about"}
		for _, c := range p.Categories {
			if c.Closed {
				continue
			}
			menu.Options = append(menu.Options, core.SelectOption{Label: c.Label, Value: c.Key, Description: c.Description})
		}
		if len(menu.Options) == 0 {
			menu.Options = []core.SelectOption{{Label: "Closed for now", Value: "-"}}
			menu.Disabled = true
		}
		r.Components = []core.ActionRow{{menu}}
		return r
	}
	var row core.ActionRow
	for _, c := range p.Categories {
		if len(row) == 5 {
			r.Components = append(r.Components, row)
			row = nil
		}
		row = append(row, core.Button{Style: core.ButtonPrimary, Label: c.Label, Emoji: c.Emoji, CustomID: openID(p.ID, c.Key), Disabled: c.Closed})
	}
	r.Components = append(r.Components, row)
	return r
}

// Custom ids of the plugin's components and modals.
func openID(panelID, key string) string       { return ID + ":open:" + panelID + ":" + key }
func selectID(panelID string) string          { return ID + ":select:" + panelID }
func formID(panelID, key string) string       { return ID + ":form:" + panelID + ":" + key }
func actionID(action, ticketID string) string { return ID + ":" + action + ":" + ticketID }
