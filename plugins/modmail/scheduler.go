package modmail

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// openingGrace is how long a conversation may stay "opening" or
// "closing" before the scheduler decides its flow was interrupted.
const openingGrace = 2 * time.Minute

// draftTTL is how long a member's pending message waits for their choice.
const draftTTL = time.Hour

// sweepBatch bounds the conversations handled per sweep; the rest wait a
// tick.
const sweepBatch = 200

// Sweep carries out what is due now: scheduled closes, inactivity
// warnings and closes, and settles interrupted openings and closings.
// Start runs it periodically on one instance at a time
// (core.Context.SweepLeased). It uses no TTL index: the due times live on
// each conversation, found by the (status, closeAt) and (status, idleAt)
// indexes, so what fell due while Warden was down is handled at the first
// sweep after a restart. The version-checked update in closeNow lets
// exactly one sweep carry a close out all the same.
func (s *Service) Sweep(ctx context.Context) {
	now := s.now()
	s.sweepCloses(ctx, now)
	s.sweepIdle(ctx, now)
	s.sweepInterrupted(ctx, now)
	if _, err := s.st.drafts.DeleteMany(ctx, store.OrderBy("createdAt").Lt("createdAt", now.Add(-draftTTL)).Limit(sweepBatch)); err != nil && ctx.Err() == nil {
		s.log.Warn("drop old drafts", "err", err)
	}
}

func (s *Service) due(ctx context.Context, q store.Query) []Conversation {
	out, err := s.st.convs.Find(ctx, q.Limit(sweepBatch))
	if err != nil && ctx.Err() == nil {
		s.log.Warn("scheduler sweep", "err", err)
	}
	return out
}

// sweepCloses carries out the scheduled closes that are due. The update
// re-checks closeAt, so a close cancelled meanwhile is left alone.
func (s *Service) sweepCloses(ctx context.Context, now time.Time) {
	for _, c := range s.due(ctx, store.Where("status", StatusOpen).Lte("closeAt", now)) {
		_, err := s.closeNow(ctx, c.ID, c.CloseBy, c.CloseReason, c.CloseSilent, func(x *Conversation) bool {
			return x.CloseAt != nil && !x.CloseAt.After(now)
		})
		if err != nil && core.AsUserError(err).Code != core.CodeConflict {
			s.log.Warn("scheduled close", "guild", c.GuildID, "conversation", c.Number, "err", err)
		}
	}
}

// sweepIdle warns the member of an inactive conversation, and closes it
// once the warning's time has passed too.
func (s *Service) sweepIdle(ctx context.Context, now time.Time) {
	for _, c := range s.due(ctx, store.Where("status", StatusOpen).Lte("idleAt", now)) {
		if c.Warned {
			_, err := s.closeNow(ctx, c.ID, SystemActor, "no messages for a while", false, func(x *Conversation) bool {
				return x.Warned && x.IdleAt != nil && !x.IdleAt.After(now)
			})
			if err != nil && core.AsUserError(err).Code != core.CodeConflict {
				s.log.Warn("inactivity close", "guild", c.GuildID, "conversation", c.Number, "err", err)
			}
			continue
		}
		s.warnIdle(ctx, &c, now)
	}
}

func (s *Service) warnIdle(ctx context.Context, c *Conversation, now time.Time) {
	cfg, err := s.Config(ctx, c.GuildID)
	if err != nil {
		return
	}
	// The close comes at the idle deadline, but never sooner than the
	// warning promises: after downtime the deadline may have passed.
	closeAt := c.LastMessageAt.Add(time.Duration(cfg.AutoCloseSeconds) * time.Second)
	if earliest := now.Add(time.Duration(cfg.WarnBeforeSeconds) * time.Second); closeAt.Before(earliest) {
		closeAt = earliest
	}
	warned, ok, err := s.st.update(ctx, c.ID, []Status{StatusOpen}, func(x *Conversation) error {
		if x.Warned || x.IdleAt == nil || x.IdleAt.After(now) {
			return errStatusMoved
		}
		x.Warned, x.IdleAt = true, &closeAt
		return nil
	})
	if err != nil || !ok {
		return
	}
	text := fmt.Sprintf("This conversation will close <t:%d:R> unless someone writes.", closeAt.Unix())
	if err := s.tell(ctx, c.UserID, core.Response{Content: text}); err != nil {
		s.log.Info("inactivity warning not delivered", "guild", c.GuildID, "conversation", c.Number, "err", err)
	}
	s.postCopy(ctx, warned, "⏳ "+text)
	s.broadcast(c.GuildID, EventConversationUpdated, warned)
}

// sweepInterrupted settles conversations a crash left half-way: an
// opening whose channel exists is finished, one without is removed; a
// closing is carried out again.
func (s *Service) sweepInterrupted(ctx context.Context, now time.Time) {
	before := now.Add(-openingGrace)
	for _, c := range s.due(ctx, store.Where("status", StatusOpening).Lte("updatedAt", before)) {
		if c.ChannelID == "" {
			s.abandon(ctx, &c, fmt.Errorf("interrupted before its channel was created"))
			continue
		}
		cfg, err := s.Config(ctx, c.GuildID)
		if err != nil {
			continue
		}
		if _, err := s.finishOpening(ctx, &c, &Draft{UserID: c.UserID}, cfg); err != nil {
			s.log.Warn("settle an interrupted opening", "guild", c.GuildID, "conversation", c.Number, "err", err)
		}
	}
	for _, c := range s.due(ctx, store.Where("status", StatusClosing).Lte("updatedAt", before)) {
		if _, err := s.finishClose(ctx, &c); err != nil {
			s.log.Warn("settle an interrupted close", "guild", c.GuildID, "conversation", c.Number, "err", err)
		}
	}
}
