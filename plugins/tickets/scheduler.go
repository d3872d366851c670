package tickets

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// openingGrace is how long a ticket may stay "opening" before the
// scheduler decides its opening was interrupted (a crash between the
// insert and the channel) and settles it.
const openingGrace = 2 * time.Minute

// sweepBatch bounds the tickets handled per sweep; the rest wait a tick.
const sweepBatch = 200

// setDue sets the ticket's next auto-close step from its last activity:
// the warning, due the warning period before the close.
func setDue(t *Ticket, cfg *Config) {
	if t.Status != StatusOpen || cfg.InactivitySeconds == 0 {
		t.DueAt, t.DuePhase = nil, ""
		return
	}
	at := t.LastActivityAt.Add(time.Duration(cfg.InactivitySeconds-cfg.warning()) * time.Second)
	t.DueAt, t.DuePhase = &at, PhaseWarn
}

// schedule sets an open ticket's auto-close time from the guild config.
func (s *Service) schedule(ctx context.Context, t *Ticket) (*Ticket, error) {
	cfg, err := s.Config(ctx, t.GuildID)
	if err != nil {
		return nil, err
	}
	saved, err := s.st.tickets.Update(ctx, t.ID, func(d *Ticket) error { setDue(d, cfg); return nil })
	if err != nil {
		return nil, fmt.Errorf("tickets: schedule ticket #%d: %w", t.Number, err)
	}
	return saved, nil
}

// Sweep warns and closes the inactive tickets due now and settles
// interrupted openings. Start runs it periodically on one instance at a
// time (core.Context.SweepLeased). The due time lives on each ticket and
// is found by the (status, dueAt) index, so what fell due while Warden was
// down is handled at the first sweep after a restart. Several sweeps may
// still overlap (a paused holder): each step is a write at the version
// read, so exactly one of them warns or closes a ticket.
func (s *Service) Sweep(ctx context.Context) {
	now := s.clock()
	due, err := s.st.tickets.Find(ctx, store.Where("status", StatusOpen).Lte("dueAt", now).Limit(sweepBatch))
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("tickets sweep", "err", err)
		}
		return
	}
	for i := range due {
		s.step(ctx, &due[i], now)
	}
	s.settleOpenings(ctx, now)
}

// step takes one due ticket a step: warn it, or close it.
func (s *Service) step(ctx context.Context, t *Ticket, now time.Time) {
	cfg, err := s.Config(ctx, t.GuildID)
	if err != nil {
		return
	}
	if cfg.InactivitySeconds == 0 {
		t.DueAt, t.DuePhase = nil, ""
		_ = s.st.tickets.Replace(ctx, t)
		return
	}
	switch t.DuePhase {
	case PhaseWarn:
		closeAt := now.Add(time.Duration(cfg.warning()) * time.Second)
		t.DueAt, t.DuePhase = &closeAt, PhaseClose
		t.UpdatedAt, t.UpdatedBy = now, SystemActor
		if err := s.st.tickets.Replace(ctx, t); err != nil {
			return // another instance took it, or a message moved it
		}
		s.broadcast(t.GuildID, EventTicketUpdated, t)
		s.post(ctx, t, fmt.Sprintf("⏰ This ticket has had no messages for a while and will be closed <t:%d:R>. Send a message to keep it open.", closeAt.Unix()))
	case PhaseClose:
		// Close only the version read: a message since then moved it.
		version := t.Version
		closed, ok, err := s.st.updateTicket(ctx, t.ID, openOnly, func(d *Ticket) error {
			if d.Version != version {
				return errStatusMoved
			}
			d.Status, d.ClosedAt, d.ClosedBy, d.CloseReason = StatusClosed, &now, SystemActor, "no activity"
			d.DueAt, d.DuePhase, d.CloseRequest = nil, "", nil
			d.UpdatedAt, d.UpdatedBy = now, SystemActor
			return nil
		})
		if err != nil || !ok {
			return
		}
		s.releaseSlot(ctx, closed)
		s.afterClose(ctx, closed)
		s.broadcast(closed.GuildID, EventTicketClosed, closed)
		s.stats.Mark(closed.GuildID)
	}
}

// settleOpenings ends openings left behind: one that got its channel is
// opened, any other is removed with its slot.
func (s *Service) settleOpenings(ctx context.Context, now time.Time) {
	stuck, err := s.st.tickets.Find(ctx, store.Where("status", StatusOpening).Lte("createdAt", now.Add(-openingGrace)).Limit(sweepBatch))
	if err != nil {
		return
	}
	for i := range stuck {
		t := &stuck[i]
		if t.ChannelID != "" {
			if opened, err := s.markOpen(ctx, t.ID, t.ChannelID, ""); err == nil {
				s.broadcast(opened.GuildID, EventTicketCreated, opened)
			}
			continue
		}
		if _, err := s.st.tickets.Delete(ctx, t.ID, t.Version); err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrConflict) {
			s.log.Warn("interrupted ticket opening not removed", "guild", t.GuildID, "ticket", t.Number, "err", err)
			continue
		}
		s.releaseSlot(ctx, t)
		s.log.Info("removed an interrupted ticket opening", "guild", t.GuildID, "ticket", t.Number)
	}
}
