package modmail

import (
	"context"
	"errors"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Edits and deletes are synced both ways: a member editing or deleting
// their DM changes the staff channel's copy; staff editing or deleting a
// reply (from the dashboard) changes the member's DM and the copy. Every
// earlier text is kept in the message's edits.

// UserEdited applies a member's edit of a DM they sent.
func (s *Service) UserEdited(ctx context.Context, dmMessageID, content string) error {
	msg, conv, err := s.userMessage(ctx, dmMessageID)
	if err != nil || msg == nil {
		return err
	}
	content = clip(content, maxContentLen)
	updated, err := s.st.msgs.Update(ctx, msg.ID, func(m *Message) error {
		m.Edits = append(m.Edits, Edit{At: s.now(), By: m.AuthorID, Content: m.Content})
		m.Content = content
		return nil
	})
	if err != nil {
		return fmt.Errorf("modmail: record an edit on conversation #%d: %w", conv.Number, err)
	}
	if updated.ChannelMessageID != "" && conv.Status == StatusOpen {
		text := clip(fmt.Sprintf("**%s** (edited): %s", conv.UserName, content), 2000)
		if err := s.dc().EditMessage(ctx, conv.ChannelID, updated.ChannelMessageID, core.Response{Content: text}); err != nil {
			s.log.Warn("sync a member's edit", "guild", conv.GuildID, "conversation", conv.Number, "err", err)
		}
	}
	s.broadcast(conv.GuildID, EventMessageReceived, updated)
	return nil
}

// UserDeleted applies a member's delete of a DM they sent: the message is
// kept for the log, marked deleted, and the staff copy struck through.
func (s *Service) UserDeleted(ctx context.Context, dmMessageID string) error {
	msg, conv, err := s.userMessage(ctx, dmMessageID)
	if err != nil || msg == nil {
		return err
	}
	updated, err := s.st.msgs.Update(ctx, msg.ID, func(m *Message) error { m.Deleted = true; return nil })
	if err != nil {
		return fmt.Errorf("modmail: record a delete on conversation #%d: %w", conv.Number, err)
	}
	if updated.ChannelMessageID != "" && conv.Status == StatusOpen {
		text := clip(fmt.Sprintf("**%s** (deleted this message): ~~%s~~", conv.UserName, updated.Content), 2000)
		if err := s.dc().EditMessage(ctx, conv.ChannelID, updated.ChannelMessageID, core.Response{Content: text}); err != nil {
			s.log.Warn("sync a member's delete", "guild", conv.GuildID, "conversation", conv.Number, "err", err)
		}
	}
	s.broadcast(conv.GuildID, EventMessageReceived, updated)
	return nil
}

// userMessage finds the member's message relayed from a DM; nil when the
// DM was not one (a message before any conversation).
func (s *Service) userMessage(ctx context.Context, dmMessageID string) (*Message, *Conversation, error) {
	msg, err := s.st.msgs.FindOne(ctx, store.Where("dmMessageId", dmMessageID))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("modmail: message of DM %s: %w", dmMessageID, err)
	}
	if msg.Kind != KindUser {
		return nil, nil, nil
	}
	conv, err := s.st.convs.Get(ctx, msg.ConversationID)
	if err != nil {
		return nil, nil, fmt.Errorf("modmail: conversation of DM %s: %w", dmMessageID, err)
	}
	return msg, conv, nil
}

// staffMessage finds a staff message of a guild's conversation.
func (s *Service) staffMessage(ctx context.Context, guildID string, number int64, id string) (*Message, *Conversation, error) {
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, nil, err
	}
	msg, err := s.st.msgs.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && msg.ConversationID != conv.ID) {
		return nil, nil, core.Errorf(core.CodeNotFound, "conversation #%d has no message %s", number, id)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("modmail: message %s: %w", id, err)
	}
	if msg.Kind == KindUser || msg.Kind == KindSystem {
		return nil, nil, core.Errorf(core.CodeForbidden, "only staff replies and notes can be edited or deleted here")
	}
	if msg.Deleted {
		return nil, nil, core.Errorf(core.CodeConflict, "that message was deleted")
	}
	return msg, conv, nil
}

// EditStaffMessage changes a reply or note, in the member's DM and the
// staff channel too.
func (s *Service) EditStaffMessage(ctx context.Context, guildID string, number int64, id, by, content string) (*Message, error) {
	text, err := checkContent("content", content)
	if err != nil {
		return nil, err
	}
	msg, conv, err := s.staffMessage(ctx, guildID, number, id)
	if err != nil {
		return nil, err
	}
	if msg.DMMessageID != "" && conv.DMChannelID != "" {
		shown := s.staffName(ctx, guildID, msg.AuthorID)
		if msg.Kind == KindAnonymous {
			shown = "Staff"
		}
		dm := clip(fmt.Sprintf("**%s** (%s): %s", shown, s.guildName(ctx, guildID), text), 2000)
		if err := s.dc().EditMessage(ctx, conv.DMChannelID, msg.DMMessageID, core.Response{Content: dm}); err != nil {
			return nil, fmt.Errorf("modmail: edit the member's copy: %w", err)
		}
	}
	if msg.ChannelMessageID != "" && conv.Status == StatusOpen {
		line := fmt.Sprintf("↩ %s by **%s** (edited): %s", msg.Kind, s.staffName(ctx, guildID, by), text)
		if err := s.dc().EditMessage(ctx, conv.ChannelID, msg.ChannelMessageID, core.Response{Content: clip(line, 2000)}); err != nil {
			s.log.Warn("edit the staff copy", "guild", guildID, "conversation", number, "err", err)
		}
	}
	updated, err := s.st.msgs.Update(ctx, msg.ID, func(m *Message) error {
		m.Edits = append(m.Edits, Edit{At: s.now(), By: by, Content: m.Content})
		m.Content = text
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: record an edit on conversation #%d: %w", number, err)
	}
	s.broadcast(guildID, EventMessageSent, updated)
	return updated, nil
}

// DeleteStaffMessage deletes a reply from the member's DM (and the staff
// channel's copy); the log keeps it, marked deleted.
func (s *Service) DeleteStaffMessage(ctx context.Context, guildID string, number int64, id, by string) (*Message, error) {
	msg, conv, err := s.staffMessage(ctx, guildID, number, id)
	if err != nil {
		return nil, err
	}
	if msg.DMMessageID != "" && conv.DMChannelID != "" {
		err := s.dc().DeleteMessage(ctx, conv.DMChannelID, msg.DMMessageID, "modmail: reply deleted by staff")
		if err != nil && !errors.Is(err, core.ErrDiscordUnknownMessage) {
			return nil, fmt.Errorf("modmail: delete the member's copy: %w", err)
		}
	}
	// The record forgets its staff copy before the copy is deleted, so
	// that the delete event Discord sends back finds nothing to follow.
	copyID := msg.ChannelMessageID
	updated, err := s.st.msgs.Update(ctx, msg.ID, func(m *Message) error {
		m.Deleted, m.ChannelMessageID = true, ""
		m.Edits = append(m.Edits, Edit{At: s.now(), By: by, Content: m.Content})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: record a delete on conversation #%d: %w", number, err)
	}
	if copyID != "" && conv.Status == StatusOpen {
		_ = s.dc().DeleteMessage(ctx, conv.ChannelID, copyID, "modmail: reply deleted by staff")
	}
	s.broadcast(guildID, EventMessageSent, updated)
	return updated, nil
}

// StaffCopyDeleted follows staff deleting a reply's copy in the staff
// channel on Discord: the reply is deleted from the member's DMs too. A
// deleted message that is not a reply's copy is ignored.
func (s *Service) StaffCopyDeleted(ctx context.Context, guildID, channelMessageID string) error {
	msg, err := s.st.msgs.FindOne(ctx, store.Where("channelMessageId", channelMessageID))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("modmail: message of staff copy %s: %w", channelMessageID, err)
	}
	if msg.GuildID != guildID || (msg.Kind != KindReply && msg.Kind != KindAnonymous && msg.Kind != KindNote) || msg.Deleted {
		return nil
	}
	_, err = s.DeleteStaffMessage(ctx, guildID, msg.Number, msg.ID, SystemActor)
	return err
}
