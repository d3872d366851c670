package moderation

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
)

// CasePatch changes a case: its reason, or its status (pardoned, appealed,
// or active again when an appeal is denied). Absent fields stay.
type CasePatch struct {
	Reason *string `json:"reason"`
	Status *Status `json:"status"`
}

// statusMoves are the status changes a moderator may make.
var statusMoves = map[Status][]Status{
	StatusActive:   {StatusPardoned, StatusAppealed},
	StatusAppealed: {StatusPardoned, StatusActive},
	StatusExpired:  {StatusPardoned},
}

func allowedMove(from, to Status) bool {
	for _, s := range statusMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// EditCase applies a patch to case number of a guild, keeps the change in
// the case's history and broadcasts moderation:infraction_updated.
// Pardoning an active ban or timeout lifts it on Discord first; if Discord
// refuses, nothing is written.
func (s *Service) EditCase(ctx context.Context, guildID string, number int64, p CasePatch, by string) (*Infraction, error) {
	if p.Reason == nil && p.Status == nil {
		return nil, core.BadRequest("nothing to change: give reason or status")
	}
	if p.Reason != nil && utf8.RuneCountInString(*p.Reason) > maxReasonLen {
		return nil, core.BadRequest("reason: at most %d characters", maxReasonLen)
	}
	in, err := s.st.caseByNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	if in.Status == StatusPending || in.Status == StatusFailed {
		return nil, core.BadRequest("case #%d is %s and cannot be changed", number, in.Status)
	}
	now := s.now()
	var edits []Edit
	if p.Reason != nil && *p.Reason != in.Reason {
		edits = append(edits, Edit{At: now, By: by, Field: "reason", From: in.Reason, To: *p.Reason})
	}
	if p.Status != nil && *p.Status != in.Status {
		if !allowedMove(in.Status, *p.Status) {
			return nil, core.BadRequest("status: case #%d cannot go from %s to %s", number, in.Status, *p.Status)
		}
		if *p.Status == StatusPardoned {
			if err := s.lift(ctx, in, fmt.Sprintf("Case #%d pardoned", in.Number)); err != nil {
				return nil, err
			}
		}
		edits = append(edits, Edit{At: now, By: by, Field: "status", From: string(in.Status), To: string(*p.Status)})
	}
	if len(edits) == 0 {
		return in, nil
	}
	updated, ok, err := s.st.updateCase(ctx, in.ID, in.Status, func(c *Infraction) {
		for _, e := range edits {
			switch e.Field {
			case "reason":
				c.Reason = e.To
			case "status":
				c.Status = Status(e.To)
			}
		}
		c.Edits = append(c.Edits, edits...)
		c.UpdatedAt, c.UpdatedBy = now, by
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "case #%d was changed meanwhile; reload and try again", number)
	}
	s.broadcast(guildID, EventInfractionUpdated, updated)
	s.stats.Mark(guildID)
	return updated, nil
}

// lift undoes an active ban or a running timeout on Discord.
func (s *Service) lift(ctx context.Context, in *Infraction, reason string) error {
	running := in.Status == StatusActive || in.Status == StatusAppealed
	kind := ActionKind("")
	switch {
	case running && in.Type == TypeBan:
		kind = ActUnban
	case running && in.Type == TypeTimeout && in.ExpiresAt != nil && in.ExpiresAt.After(s.now()):
		kind = ActRemoveTimeout
	default:
		return nil
	}
	dc := s.enforcer()
	if dc == nil {
		return &core.Error{Code: core.CodeUnavailable, Message: "Discord is not connected; try again shortly", Err: ErrNoDiscord}
	}
	return dc.Apply(ctx, Action{Kind: kind, GuildID: in.GuildID, UserID: in.TargetID, Reason: reason})
}

// expire marks an active case expired and broadcasts the change. It is a
// no-op when the case changed status meanwhile.
func (s *Service) expire(ctx context.Context, in *Infraction, by, why string) {
	now := s.now()
	updated, ok, err := s.st.updateCase(ctx, in.ID, in.Status, func(c *Infraction) {
		c.Edits = append(c.Edits, Edit{At: now, By: by, Field: "status", From: string(c.Status), To: string(StatusExpired), Note: why})
		c.Status, c.UpdatedAt, c.UpdatedBy = StatusExpired, now, by
	})
	if err != nil {
		s.log.Error("expire case", "guild", in.GuildID, "case", in.Number, "err", err)
		return
	}
	if ok {
		s.broadcast(in.GuildID, EventInfractionUpdated, updated)
		s.stats.Mark(in.GuildID)
	}
}
