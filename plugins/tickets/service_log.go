package tickets

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/warden-bot/warden/core/store"
)

// maxLoggedContent bounds a logged message's text (Discord's own limit is
// 4000 for Nitro members).
const maxLoggedContent = 4000

// activityStep is how stale the recorded last activity may get before a
// message moves it (and the auto-close due time) again; a warned ticket
// is always moved, which calls its close off. Each message is still one
// small write of the ticket (its message count).
const activityStep = time.Minute

// ticketOfChannel returns the open or closed ticket of a channel, from the
// cache when it can.
func (s *Service) ticketOfChannel(ctx context.Context, channelID string) (*Ticket, error) {
	if id, ok := s.cachedChannel(channelID); ok {
		if id == "" {
			return nil, nil
		}
		t, err := s.st.tickets.Get(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		return t, err
	}
	t, err := s.st.ticketByChannel(ctx, channelID)
	if errors.Is(err, store.ErrNotFound) {
		s.cacheChannel(channelID, "")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.cacheChannel(channelID, t.ID)
	return t, nil
}

// LogMessage keeps a message posted in a ticket channel, pushes it to the
// dashboard's open ticket view, and counts it as activity. Messages in
// other channels cost a cached map lookup.
func (s *Service) LogMessage(ctx context.Context, m LoggedMessage) error {
	t, err := s.ticketOfChannel(ctx, m.ChannelID)
	if err != nil || t == nil || t.Status == StatusDeleted || t.Status == StatusOpening {
		return err
	}
	if utf8.RuneCountInString(m.Content) > maxLoggedContent {
		m.Content = string([]rune(m.Content)[:maxLoggedContent])
	}
	m.GuildID, m.TicketID, m.Number = t.GuildID, t.ID, t.Number
	if m.Embeds == nil {
		m.Embeds = []LoggedEmbed{}
	}
	if m.Attachments == nil {
		m.Attachments = []Attachment{}
	}
	if err := s.st.messages.Insert(ctx, &m); err != nil {
		return fmt.Errorf("tickets: log message of ticket #%d: %w", t.Number, err)
	}
	s.broadcast(t.GuildID, EventMessageLogged, m)
	if m.AuthorBot || t.Status != StatusOpen {
		_, err := s.st.tickets.Update(ctx, t.ID, func(d *Ticket) error { d.Messages++; return nil })
		return err
	}
	return s.touch(ctx, t, s.clock())
}

// touch records activity in an open ticket at the service's clock (not
// the message's, so that one clock rules the auto-close): the message
// count, and the inactivity clock when it moved enough (or a warning is to be called
// off).
func (s *Service) touch(ctx context.Context, t *Ticket, at time.Time) error {
	cfg, err := s.Config(ctx, t.GuildID)
	if err != nil {
		return err
	}
	_, err = s.st.tickets.Update(ctx, t.ID, func(d *Ticket) error {
		d.Messages++
		if d.Status != StatusOpen || (d.DuePhase != PhaseClose && at.Sub(d.LastActivityAt) < activityStep) {
			return nil
		}
		d.LastActivityAt = at
		setDue(d, cfg)
		return nil
	})
	return err
}

// EditMessage records a logged message's new text.
func (s *Service) EditMessage(ctx context.Context, channelID, messageID, content string, at time.Time) error {
	return s.changeLogged(ctx, channelID, messageID, func(m *LoggedMessage) {
		m.Content = content
		m.EditedAt = &at
	})
}

// DeleteMessage marks a logged message deleted; the transcript keeps it,
// marked.
func (s *Service) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	return s.changeLogged(ctx, channelID, messageID, func(m *LoggedMessage) { m.Deleted = true })
}

// changeLogged changes a logged message of a ticket channel; messages of
// other channels cost the cached lookup of their channel.
func (s *Service) changeLogged(ctx context.Context, channelID, messageID string, change func(m *LoggedMessage)) error {
	if t, err := s.ticketOfChannel(ctx, channelID); err != nil || t == nil {
		return err
	}
	m, err := s.st.messages.FindOne(ctx, store.Where("messageId", messageID))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	saved, err := s.st.messages.Update(ctx, m.ID, func(d *LoggedMessage) error { change(d); return nil })
	if err != nil {
		return fmt.Errorf("tickets: update logged message %s: %w", messageID, err)
	}
	s.broadcast(saved.GuildID, EventMessageLogged, saved)
	return nil
}
