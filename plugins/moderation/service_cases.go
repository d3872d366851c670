package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Act opens a case and carries out its action.
//
// Order, so that nothing is half-written: the request and its target are
// checked first; the case is then inserted as pending, which claims its
// number; the Discord action runs; and the case becomes active, or failed
// with Discord's reason. Only then is moderation:infraction_created
// broadcast, once, with the final case. A failed case keeps its number (the
// sequence never has gaps and numbers are never reused) and counts for
// nothing; the caller gets a DISCORD_ERROR. A case left pending by a crash
// is marked failed by the scheduler.
func (s *Service) Act(ctx context.Context, req ActionRequest) (*Infraction, error) {
	if req.Source == "" {
		req.Source = SourceManual
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	cfg, err := s.config.Get(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	dc := s.enforcer()
	if req.Type.needsDiscord() && dc == nil {
		return nil, &core.Error{Code: core.CodeUnavailable, Message: "Discord is not connected; try again shortly", Err: ErrNoDiscord}
	}
	var target TargetInfo
	if dc != nil {
		if target, err = dc.Target(ctx, req.GuildID, req.TargetID, req.ModeratorID); err != nil {
			return nil, err
		}
		if err := checkTarget(req.Type, target); err != nil {
			return nil, err
		}
	}
	in := s.newCase(req, cfg)
	if err := s.st.insertCase(ctx, in); err != nil {
		return nil, err
	}
	if req.Type.needsDiscord() {
		if in, err = s.carryOut(ctx, dc, cfg, in, target); err != nil {
			return nil, err
		}
	} else {
		s.sendDM(ctx, dc, cfg, in, target)
	}
	s.afterCase(ctx, dc, cfg, in)
	if in.Status == StatusFailed {
		return in, &core.Error{Code: core.CodeDiscord, Message: fmt.Sprintf("Discord refused the %s: %s (recorded as failed case #%d)", in.Type, in.Error, in.Number)}
	}
	return in, nil
}

func (s *Service) newCase(req ActionRequest, cfg *Config) *Infraction {
	now := s.now()
	in := &Infraction{
		GuildID: req.GuildID, Type: req.Type, TargetID: req.TargetID, ModeratorID: req.ModeratorID,
		Source: req.Source, RuleID: req.RuleID, RuleName: req.RuleName, Reason: req.Reason,
		Points: req.points(cfg), DurationSeconds: req.DurationSeconds, DeleteMessageDays: req.DeleteMessageDays,
		Status: StatusActive, Edits: []Edit{}, CreatedAt: now, UpdatedAt: now, UpdatedBy: actor(req),
	}
	if req.Type.needsDiscord() {
		in.Status = StatusPending
	}
	switch {
	case req.DurationSeconds > 0:
		at := now.Add(secondsDuration(req.DurationSeconds))
		in.ExpiresAt = &at
	case in.Points > 0 && cfg.PointsExpireDays > 0:
		at := now.AddDate(0, 0, cfg.PointsExpireDays)
		in.ExpiresAt = &at
	}
	return in
}

// actor names who did something, for updatedBy.
func actor(req ActionRequest) string {
	if req.ModeratorID != "" {
		return req.ModeratorID
	}
	return req.Source
}

// carryOut runs the Discord side of a pending case and settles its status.
func (s *Service) carryOut(ctx context.Context, dc Enforcer, cfg *Config, in *Infraction, target TargetInfo) (*Infraction, error) {
	// A member who is kicked or banned shares no guild with the bot any
	// more, so their DM goes first.
	dmFirst := in.Type == TypeKick || in.Type == TypeBan || in.Type == TypeSoftban
	if dmFirst {
		s.sendDM(ctx, dc, cfg, in, target)
	}
	actErr := s.applyCase(ctx, dc, in)
	settle := func(c *Infraction) {
		c.Status, c.UpdatedAt = StatusActive, s.now()
		if actErr != nil {
			c.Status, c.Error = StatusFailed, core.AsUserError(actErr).Message
		}
	}
	// The settle runs even if the caller gave up, so the case never stays
	// pending because a request was canceled.
	settleCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	settled, ok, err := s.st.updateCase(settleCtx, in.ID, StatusPending, settle)
	if err != nil {
		return nil, fmt.Errorf("settle case #%d of guild %s: %w", in.Number, in.GuildID, err)
	}
	if !ok {
		return nil, fmt.Errorf("settle case #%d of guild %s: no longer pending", in.Number, in.GuildID)
	}
	if actErr == nil && !dmFirst {
		s.sendDM(ctx, dc, cfg, settled, target)
	}
	if actErr == nil && in.Type == TypeUnban {
		s.endBans(ctx, settled)
	}
	return settled, nil
}

// applyCase performs the Discord operations of a case.
func (s *Service) applyCase(ctx context.Context, dc Enforcer, in *Infraction) error {
	a := Action{GuildID: in.GuildID, UserID: in.TargetID, Reason: auditReason(in)}
	switch in.Type {
	case TypeTimeout:
		a.Kind, a.Until = ActTimeout, *in.ExpiresAt
	case TypeKick:
		a.Kind = ActKick
	case TypeBan:
		a.Kind, a.DeleteMessageDays = ActBan, in.DeleteMessageDays
	case TypeUnban:
		a.Kind = ActUnban
	case TypeSoftban:
		a.Kind, a.DeleteMessageDays = ActBan, max(in.DeleteMessageDays, 1)
		if err := dc.Apply(ctx, a); err != nil {
			return err
		}
		a.Kind = ActUnban
	}
	return dc.Apply(ctx, a)
}

func auditReason(in *Infraction) string {
	r := fmt.Sprintf("Case #%d", in.Number)
	if in.Reason != "" {
		r += ": " + in.Reason
	}
	return truncate(r, 512)
}

// afterCase broadcasts the settled case and runs what follows from it:
// stats, the mod log, the activity record and escalation.
func (s *Service) afterCase(ctx context.Context, dc Enforcer, cfg *Config, in *Infraction) {
	s.broadcast(in.GuildID, EventInfractionCreated, in)
	s.stats.Mark(in.GuildID)
	s.postModLog(ctx, dc, cfg, in)
	s.recordActivity(ctx, in)
	if in.Status == StatusActive && in.Points > 0 {
		s.escalate(ctx, cfg, in)
	}
}

// endBans marks the target's active bans expired after an unban.
func (s *Service) endBans(ctx context.Context, unban *Infraction) {
	bans, err := s.st.findCases(ctx, store.Where("guildId", unban.GuildID).Where("targetId", unban.TargetID).
		Where("type", TypeBan).Where("status", StatusActive))
	if err != nil {
		s.log.Error("find bans ended by an unban", "guild", unban.GuildID, "case", unban.Number, "err", err)
		return
	}
	for _, b := range bans {
		s.expire(ctx, &b, unban.UpdatedBy, fmt.Sprintf("lifted by case #%d", unban.Number))
	}
}

func (s *Service) recordActivity(ctx context.Context, in *Infraction) {
	typ := core.ActivitySuccess
	if in.Status == StatusFailed {
		typ = core.ActivityError
	}
	err := s.pc.RecordActivity(ctx, core.Activity{Type: typ, Kind: "infraction", GuildID: in.GuildID,
		UserID: in.ModeratorID, Plugin: s.pc.ID, Message: fmt.Sprintf("Case #%d: %s (%s)", in.Number, in.Type, in.Status)})
	if err != nil {
		s.log.Warn("record activity", "guild", in.GuildID, "case", in.Number, "err", err)
	}
}
