package modmail

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
)

// CloseInput is how staff close a conversation: now or after
// AfterSeconds, with a reason, silently (the member is not told).
type CloseInput struct {
	Reason       string `json:"reason"`
	Silent       bool   `json:"silent"`
	AfterSeconds int64  `json:"afterSeconds"`
}

// Close closes a conversation now, or schedules it. A scheduled close is
// kept on the conversation (closeAt, indexed), so it survives a restart;
// the scheduler carries it out once, whichever instance sweeps first.
func (s *Service) Close(ctx context.Context, guildID string, number int64, by string, in CloseInput) (*Conversation, error) {
	if len(in.Reason) > maxReasonLen {
		return nil, core.BadRequest("reason: at most %d characters", maxReasonLen)
	}
	if in.AfterSeconds < 0 || in.AfterSeconds > maxCloseDelay {
		return nil, core.BadRequest("afterSeconds: 0 (now) to %d", maxCloseDelay)
	}
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	if in.AfterSeconds == 0 {
		return s.closeNow(ctx, conv.ID, by, in.Reason, in.Silent, func(*Conversation) bool { return true })
	}
	at := s.now().Add(time.Duration(in.AfterSeconds) * time.Second)
	updated, ok, err := s.st.update(ctx, conv.ID, []Status{StatusOpen}, func(c *Conversation) error {
		c.CloseAt, c.CloseBy, c.CloseReason, c.CloseSilent = &at, by, in.Reason, in.Silent
		c.act(s.now(), by, "schedule_close", at.Format(time.RFC3339))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: schedule the close of conversation #%d: %w", number, err)
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "conversation #%d is %s", number, conv.Status)
	}
	s.postCopy(ctx, updated, fmt.Sprintf("⏲ closing <t:%d:R> (scheduled by **%s**); /modmail cancel-close to keep it open", at.Unix(), s.staffName(ctx, guildID, by)))
	s.broadcast(guildID, EventConversationUpdated, updated)
	return updated, nil
}

// CancelClose cancels a scheduled close.
func (s *Service) CancelClose(ctx context.Context, guildID string, number int64, by string) (*Conversation, error) {
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	updated, ok, err := s.st.update(ctx, conv.ID, []Status{StatusOpen}, func(c *Conversation) error {
		if c.CloseAt == nil {
			return errStatusMoved
		}
		c.CloseAt, c.CloseBy, c.CloseReason, c.CloseSilent = nil, "", "", false
		c.act(s.now(), by, "cancel_close", "")
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: cancel the close of conversation #%d: %w", number, err)
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "conversation #%d has no scheduled close", number)
	}
	s.postCopy(ctx, updated, fmt.Sprintf("the scheduled close was cancelled by **%s**", s.staffName(ctx, guildID, by)))
	s.broadcast(guildID, EventConversationUpdated, updated)
	return updated, nil
}

// closeNow closes a conversation if it is open and still (re-read inside
// the version-checked update) passes due: the update from open to closing
// succeeds for exactly one caller, which alone tells the member, removes
// the channel and announces the close. Any other caller gets CONFLICT.
func (s *Service) closeNow(ctx context.Context, id, by, reason string, silent bool, due func(*Conversation) bool) (*Conversation, error) {
	now := s.now()
	closing, ok, err := s.st.update(ctx, id, []Status{StatusOpen}, func(c *Conversation) error {
		if !due(c) {
			return errStatusMoved
		}
		c.Status, c.ClosedBy, c.CloseReason, c.CloseSilent = StatusClosing, by, reason, silent
		c.act(now, by, "close", reason)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: close conversation %s: %w", id, err)
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "that conversation is already closing or closed")
	}
	return s.finishClose(ctx, closing)
}

// finishClose carries out a close the caller won: the member's message
// (unless silent), the channel removed (a thread archived and locked),
// the record closed and the event sent. The scheduler runs it again for a
// close interrupted by a crash.
func (s *Service) finishClose(ctx context.Context, c *Conversation) (*Conversation, error) {
	cfg, err := s.Config(ctx, c.GuildID)
	if err != nil {
		return nil, err
	}
	if !c.CloseSilent {
		text := cfg.message("closing", "<@"+c.UserID+">", s.guildName(ctx, c.GuildID))
		if c.CloseReason != "" {
			text += "\nReason: " + c.CloseReason
		}
		if err := s.tell(ctx, c.UserID, core.Response{Content: clip(text, 2000), Mentions: core.NoMentions}); err != nil {
			s.log.Info("closing message not delivered", "guild", c.GuildID, "conversation", c.Number, "err", err)
		}
	}
	s.removeChannel(ctx, c)
	now := s.now()
	closed, _, err := s.st.update(ctx, c.ID, []Status{StatusClosing}, func(x *Conversation) error {
		x.Status, x.ClosedAt, x.CloseAt, x.IdleAt, x.Waiting = StatusClosed, &now, nil, nil, false
		x.UpdatedAt, x.UpdatedBy = now, x.ClosedBy
		return nil
	})
	if err != nil || closed == nil {
		return nil, fmt.Errorf("modmail: mark conversation #%d closed: %v", c.Number, err)
	}
	sys := &Message{GuildID: c.GuildID, ConversationID: c.ID, Number: c.Number, Kind: KindSystem, AuthorID: closed.ClosedBy,
		Content: closeLine(closed), CreatedAt: now}
	if err := s.st.insertMessage(ctx, sys); err != nil {
		s.log.Warn("log the close", "guild", c.GuildID, "conversation", c.Number, "err", err)
	}
	s.broadcast(c.GuildID, EventConversationClosed, closed)
	s.stats.Mark(c.GuildID)
	_ = s.pc.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: "conversation", GuildID: c.GuildID, UserID: closed.ClosedBy,
		Message: fmt.Sprintf("Modmail #%d closed", c.Number), Timestamp: now})
	return closed, nil
}

func closeLine(c *Conversation) string {
	line := "Closed"
	if c.ClosedBy == SystemActor {
		line += " automatically"
	}
	if c.CloseReason != "" {
		line += ": " + c.CloseReason
	}
	if c.CloseSilent {
		line += " (silently)"
	}
	return line
}

// removeChannel deletes the staff channel, or archives and locks the
// thread; a channel already gone is fine.
func (s *Service) removeChannel(ctx context.Context, c *Conversation) {
	if c.ChannelID == "" {
		return
	}
	var err error
	if c.Thread {
		s.postCopy(ctx, c, "🔒 "+closeLine(c))
		yes := true
		err = s.dc().EditThread(ctx, c.ChannelID, core.ThreadEdit{Archived: &yes, Locked: &yes}, "modmail: conversation closed")
	} else {
		err = s.dc().DeleteChannel(ctx, c.ChannelID, fmt.Sprintf("modmail: conversation #%d closed", c.Number))
	}
	if err != nil && core.AsUserError(err).Code != core.CodeNotFound {
		s.log.Warn("remove the channel of a closed conversation", "guild", c.GuildID, "conversation", c.Number, "err", err)
	}
}

// MemberLeft closes the member's open conversation with the guild when
// the guild's config says so.
func (s *Service) MemberLeft(ctx context.Context, guildID, userID string) error {
	cfg, err := s.Config(ctx, guildID)
	if err != nil || !cfg.CloseOnLeave {
		return err
	}
	conv, err := s.openOf(ctx, userID)
	if err != nil || conv == nil || conv.GuildID != guildID || conv.Status != StatusOpen {
		return err
	}
	_, err = s.closeNow(ctx, conv.ID, SystemActor, "the member left the server", true, func(*Conversation) bool { return true })
	return err
}

// ChannelDeleted closes, silently, the open conversation whose staff
// channel someone deleted on Discord. The plugin's own closes delete the
// channel after the conversation left "open", so they are not closed
// twice.
func (s *Service) ChannelDeleted(ctx context.Context, channelID string) error {
	conv, err := s.st.byChannel(ctx, channelID)
	if err != nil || conv.Status != StatusOpen {
		return nil
	}
	_, err = s.closeNow(ctx, conv.ID, SystemActor, "the conversation's channel was deleted on Discord", true, func(*Conversation) bool { return true })
	if err != nil && core.AsUserError(err).Code == core.CodeConflict {
		return nil
	}
	return err
}
