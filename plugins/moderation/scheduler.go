package moderation

import (
	"context"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// pendingGrace is how long a case may stay pending before the scheduler
// decides its flow was interrupted (a crash between the insert and the
// Discord answer) and marks it failed.
const pendingGrace = 2 * time.Minute

// sweepBatch bounds the cases handled per sweep; the rest wait a tick.
const sweepBatch = 200

// sweep lifts what has expired: temporary bans are unbanned on Discord,
// timeouts and points are marked expired. Start runs it periodically on
// one instance at a time (core.Context.SweepLeased). It uses no TTL
// index; the expiry lives on each case and is found by the (status,
// expiresAt) index, so what expired while Warden was down is handled at
// the first sweep after a restart.
func (s *Service) sweep(ctx context.Context) {
	now := s.now()
	due, err := s.st.findCases(ctx, store.Where("status", StatusActive).Lte("expiresAt", now).Limit(sweepBatch))
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("scheduler sweep", "err", err)
		}
		return
	}
	for i := range due {
		s.lapse(ctx, &due[i])
	}
	s.failInterrupted(ctx, now)
}

// lapse ends one expired case.
func (s *Service) lapse(ctx context.Context, in *Infraction) {
	if in.Type != TypeBan {
		s.expire(ctx, in, SystemActor, "expired")
		return
	}
	dc := s.enforcer()
	if dc == nil {
		return // retried once Discord is connected
	}
	err := dc.Apply(ctx, Action{Kind: ActUnban, GuildID: in.GuildID, UserID: in.TargetID, Reason: auditReason(in) + " (temporary ban ended)"})
	if err != nil && core.AsUserError(err).Code != core.CodeNotFound {
		s.log.Warn("temporary ban not lifted yet", "guild", in.GuildID, "case", in.Number, "err", err)
		return
	}
	s.expire(ctx, in, SystemActor, "temporary ban ended")
}

// failInterrupted settles cases left pending by an interrupted flow.
func (s *Service) failInterrupted(ctx context.Context, now time.Time) {
	stuck, err := s.st.findCases(ctx, store.Where("status", StatusPending).Lte("createdAt", now.Add(-pendingGrace)).Limit(sweepBatch))
	if err != nil {
		return
	}
	for _, in := range stuck {
		failed, ok, err := s.st.updateCase(ctx, in.ID, StatusPending, func(c *Infraction) {
			c.Status, c.UpdatedAt = StatusFailed, now
			c.Error = "interrupted before Discord confirmed the action; check Discord and act again if needed"
		})
		if err != nil || !ok {
			continue
		}
		s.broadcast(in.GuildID, EventInfractionCreated, failed)
		s.stats.Mark(in.GuildID)
	}
}
