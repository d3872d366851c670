package tickets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n > maxReason {
		return "", core.BadRequest("reason: at most %d characters, got %d", maxReason, n)
	}
	return reason, nil
}

// RequestClose records a close asked for with a reason; the confirmation
// button (ConfirmClose) carries it out. Keeping the request on the ticket
// lets the click land on any instance, after any restart.
func (s *Service) RequestClose(ctx context.Context, t *Ticket, reason, by string) (*Ticket, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	return s.update(ctx, t, by, "", openOnly, func(d *Ticket) error {
		d.CloseRequest = &CloseRequest{By: by, Reason: reason, At: now}
		return nil
	})
}

// ConfirmClose closes the ticket with the reason its close request gave.
func (s *Service) ConfirmClose(ctx context.Context, t *Ticket, by string) (*Ticket, error) {
	reason := ""
	if t.CloseRequest != nil {
		reason = t.CloseRequest.Reason
	}
	return s.Close(ctx, t, reason, by)
}

// Close closes an open ticket: the write first (a compare-and-set from
// open, so a close from Discord, the dashboard and the scheduler at once
// closes it once), then its channel is locked for its members, and its
// transcript posted.
func (s *Service) Close(ctx context.Context, t *Ticket, reason, by string) (*Ticket, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	saved, err := s.update(ctx, t, by, "", openOnly, func(d *Ticket) error {
		d.Status, d.ClosedAt, d.ClosedBy, d.CloseReason = StatusClosed, &now, by, reason
		d.DueAt, d.DuePhase, d.CloseRequest = nil, "", nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.releaseSlot(ctx, saved)
	s.afterClose(ctx, saved)
	s.broadcast(saved.GuildID, EventTicketClosed, saved)
	return saved, nil
}

// afterClose does the Discord side of a close. Each step is logged when
// it fails: the ticket is closed whatever Discord says.
func (s *Service) afterClose(ctx context.Context, t *Ticket) {
	by := "<@" + t.ClosedBy + ">"
	if t.ClosedBy == SystemActor {
		by = "auto-close (no activity)"
	}
	text := fmt.Sprintf("🔒 Ticket closed by %s.", by)
	if t.CloseReason != "" {
		text += " Reason: " + t.CloseReason
	}
	dc := s.dc()
	_, err := dc.Send(ctx, t.ChannelID, core.Response{Content: text, Mentions: core.NoMentions, Components: []core.ActionRow{{
		core.Button{Style: core.ButtonSecondary, Label: "Reopen", Emoji: "🔓", CustomID: actionID("reopen", t.ID)},
		core.Button{Style: core.ButtonDanger, Label: "Delete", Emoji: "⛔", CustomID: actionID("delete", t.ID)},
	}}})
	if err != nil {
		s.log.Warn("close notice not posted", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
	if t.Mode == ModeThread {
		yes := true
		err = dc.EditThread(ctx, t.ChannelID, core.ThreadEdit{Locked: &yes, Archived: &yes}, "ticket closed")
	} else {
		err = s.applyAccess(ctx, t, false, "", false)
	}
	if err != nil {
		s.log.Warn("closed ticket's channel not locked", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
	s.postTranscript(ctx, t)
	cfg, err := s.Config(ctx, t.GuildID)
	if err == nil && cfg.DMOnClose {
		msg := fmt.Sprintf("Your ticket #%d (%s) was closed.", t.Number, t.CategoryLabel)
		if t.CloseReason != "" {
			msg += " Reason: " + t.CloseReason
		}
		if _, err := dc.SendDM(ctx, t.OpenerID, msg); err != nil && !errors.Is(err, core.ErrDiscordDMsRefused) {
			s.log.Warn("close DM not sent", "guild", t.GuildID, "ticket", t.Number, "err", err)
		}
	}
	_ = s.pc.RecordActivity(ctx, core.Activity{Type: core.ActivityInfo, Kind: "ticket", GuildID: t.GuildID, UserID: t.ClosedBy,
		Plugin: ID, Message: fmt.Sprintf("Ticket #%d closed", t.Number)})
}

// postTranscript posts the ticket's transcript, as an HTML file, in the
// guild's transcript channel.
func (s *Service) postTranscript(ctx context.Context, t *Ticket) {
	cfg, err := s.Config(ctx, t.GuildID)
	if err != nil || cfg.TranscriptChannelID == "" {
		return
	}
	msgs, err := s.Messages(ctx, t)
	if err != nil {
		s.log.Warn("transcript not read", "guild", t.GuildID, "ticket", t.Number, "err", err)
		return
	}
	var b strings.Builder
	if err := RenderHTML(&b, t, msgs, s.names(ctx, t, msgs)); err != nil {
		s.log.Warn("transcript not rendered", "guild", t.GuildID, "ticket", t.Number, "err", err)
		return
	}
	emb := core.Embed{Title: fmt.Sprintf("Ticket #%d: %s", t.Number, t.CategoryLabel), Color: 0x99AAB5, Fields: []core.EmbedField{
		{Name: "Opened by", Value: "<@" + t.OpenerID + ">", Inline: true},
		{Name: "Closed by", Value: actorMention(t.ClosedBy), Inline: true},
		{Name: "Messages", Value: fmt.Sprint(len(msgs)), Inline: true},
	}}
	if t.ClaimedBy != "" {
		emb.Fields = append(emb.Fields, core.EmbedField{Name: "Claimed by", Value: "<@" + t.ClaimedBy + ">", Inline: true})
	}
	if t.CloseReason != "" {
		emb.Fields = append(emb.Fields, core.EmbedField{Name: "Reason", Value: t.CloseReason})
	}
	_, err = s.dc().Send(ctx, cfg.TranscriptChannelID, core.Response{Embeds: []core.Embed{emb}, Mentions: core.NoMentions,
		Files: []core.File{{Name: fmt.Sprintf("ticket-%d.html", t.Number), Description: "Transcript", Data: []byte(b.String())}}})
	if err != nil {
		s.log.Warn("transcript not posted", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
}

func actorMention(id string) string {
	if id == SystemActor || id == "" {
		return "auto-close"
	}
	return "<@" + id + ">"
}

// Reopen opens a closed ticket again, if its member has no other open
// ticket of the category.
func (s *Service) Reopen(ctx context.Context, t *Ticket, by string) (*Ticket, error) {
	if t.Status != StatusClosed {
		return nil, core.Errorf(core.CodeConflict, "ticket #%d is %s, not closed", t.Number, t.Status)
	}
	c := s.category(ctx, t)
	if c == nil || !c.AllowMultiple {
		if err := s.takeSlot(ctx, t); err != nil {
			return nil, err
		}
	}
	saved, err := s.update(ctx, t, by, "", []Status{StatusClosed}, func(d *Ticket) error {
		d.Status, d.ClosedAt, d.ClosedBy, d.CloseReason = StatusOpen, nil, "", ""
		d.LastActivityAt = s.clock()
		return nil
	})
	if err != nil {
		s.releaseSlot(ctx, t)
		return nil, err
	}
	dc := s.dc()
	if saved.Mode == ModeThread {
		no := false
		err = dc.EditThread(ctx, saved.ChannelID, core.ThreadEdit{Locked: &no, Archived: &no}, "ticket reopened")
	} else {
		err = s.applyAccess(ctx, saved, true, "", false)
	}
	if err != nil {
		s.log.Warn("reopened ticket's channel not unlocked", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
	if saved, err = s.schedule(ctx, saved); err != nil {
		return nil, err
	}
	s.broadcast(saved.GuildID, EventTicketUpdated, saved)
	s.post(ctx, saved, fmt.Sprintf("🔓 <@%s> reopened the ticket.", by))
	return saved, nil
}

// Delete deletes the ticket's channel; the ticket and its transcript stay
// on the dashboard with status deleted. An open ticket is closed first,
// so its transcript is posted.
func (s *Service) Delete(ctx context.Context, t *Ticket, by string) (*Ticket, error) {
	if t.Status == StatusOpen {
		closed, err := s.Close(ctx, t, "deleted", by)
		if err != nil {
			return nil, err
		}
		t = closed
	}
	saved, err := s.update(ctx, t, by, "", []Status{StatusClosed}, func(d *Ticket) error {
		d.Status = StatusDeleted
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.dc().DeleteChannel(ctx, saved.ChannelID, fmt.Sprintf("ticket #%d deleted", saved.Number)); err != nil && !errors.Is(err, core.ErrDiscordUnknownChannel) {
		s.log.Warn("ticket channel not deleted", "guild", t.GuildID, "ticket", t.Number, "err", err)
	}
	s.cacheChannel(saved.ChannelID, "")
	s.broadcast(saved.GuildID, EventTicketDeleted, saved)
	return saved, nil
}

// Messages returns the ticket's logged messages, oldest first.
func (s *Service) Messages(ctx context.Context, t *Ticket) ([]LoggedMessage, error) {
	out, err := s.st.messages.Find(ctx, store.Where("ticketId", t.ID).OrderBy("at").Limit(maxTranscriptMessages))
	if err != nil {
		return nil, fmt.Errorf("tickets: messages of ticket #%d: %w", t.Number, err)
	}
	return out, nil
}

// maxTranscriptMessages bounds a transcript.
const maxTranscriptMessages = 5000

// ChannelGone settles a ticket whose channel or thread was deleted on
// Discord: an open ticket is closed (its transcript posted from the log,
// the member's slot freed, so they may open another) and the ticket is
// marked deleted, as Delete would, without the Discord steps on a channel
// that is gone. A channel that is no ticket's is ignored.
func (s *Service) ChannelGone(ctx context.Context, channelID string) error {
	t, err := s.st.ticketByChannel(ctx, channelID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tickets: the ticket of deleted channel %s: %w", channelID, err)
	}
	if t.Status != StatusOpen && t.Status != StatusClosed {
		return nil
	}
	now := s.clock()
	wasOpen := false
	saved, err := s.update(ctx, t, SystemActor, "", []Status{StatusOpen, StatusClosed}, func(d *Ticket) error {
		wasOpen = d.Status == StatusOpen
		if wasOpen {
			d.ClosedAt, d.ClosedBy, d.CloseReason = &now, SystemActor, "its channel was deleted on Discord"
			d.DueAt, d.DuePhase, d.CloseRequest = nil, "", nil
		}
		d.Status = StatusDeleted
		return nil
	})
	if err != nil {
		if core.AsUserError(err).Code == core.CodeConflict {
			return nil // deleted meanwhile, by the dashboard or another instance
		}
		return err
	}
	s.releaseSlot(ctx, saved)
	s.cacheChannel(channelID, "")
	if wasOpen {
		s.postTranscript(ctx, saved)
	}
	s.broadcast(saved.GuildID, EventTicketDeleted, saved)
	return nil
}
