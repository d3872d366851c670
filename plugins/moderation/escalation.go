package moderation

import (
	"context"
	"fmt"

	"github.com/warden-bot/warden/core/store"
)

// activePoints sums the points of a member's cases that still count.
func (s *Service) activePoints(ctx context.Context, guildID, userID string) (int, error) {
	cases, err := s.st.findCases(ctx, store.Where("guildId", guildID).Where("targetId", userID))
	if err != nil {
		return 0, fmt.Errorf("points of %s in guild %s: %w", userID, guildID, err)
	}
	total := 0
	for _, c := range cases {
		if c.countsPoints() && c.Points > 0 {
			total += c.Points
		}
	}
	return total, nil
}

// crossedThreshold returns the highest step that the new case's points
// crossed: before it the member was under the step, with it at or over.
func crossedThreshold(ts []Threshold, before, after int) (Threshold, bool) {
	var best Threshold
	found := false
	for _, t := range ts {
		if before < t.Points && t.Points <= after && (!found || t.Points > best.Points) {
			best, found = t, true
		}
	}
	return best, found
}

// escalate carries out the threshold action a case's points crossed, as a
// case of its own with source "escalation". Escalation cases carry no
// points, so they never escalate further.
func (s *Service) escalate(ctx context.Context, cfg *Config, in *Infraction) {
	if len(cfg.Thresholds) == 0 {
		return
	}
	total, err := s.activePoints(ctx, in.GuildID, in.TargetID)
	if err != nil {
		s.log.Error("escalation skipped", "guild", in.GuildID, "case", in.Number, "err", err)
		return
	}
	t, ok := crossedThreshold(cfg.Thresholds, total-in.Points, total)
	if !ok {
		return
	}
	zero := 0
	_, err = s.Act(ctx, ActionRequest{
		GuildID: in.GuildID, Type: t.Action, TargetID: in.TargetID, Points: &zero,
		DurationSeconds: t.DurationSeconds, Source: SourceEscalation, RuleID: in.RuleID,
		Reason: fmt.Sprintf("reached %d points (threshold %d, after case #%d)", total, t.Points, in.Number),
	})
	if err != nil {
		s.log.Warn("escalation action failed", "guild", in.GuildID, "case", in.Number, "action", t.Action, "err", err)
	}
}
