package moderation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Stats are a guild's moderation figures, served at GET stats and pushed as
// moderation:stats_updated.
type Stats struct {
	// CasesPerDay covers the last 30 days (UTC), oldest first.
	CasesPerDay []DayCount `json:"casesPerDay"`
	// ByType counts every case that took effect, by type.
	ByType         map[CaseType]int `json:"byType"`
	ActiveTimeouts int64            `json:"activeTimeouts"`
	ActiveBans     int64            `json:"activeBans"`
	// TopRules are the automod rules matched most often.
	TopRules []RuleCount `json:"topRules"`
}

// DayCount is the cases opened on one day.
type DayCount struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

// RuleCount is how often a rule matched.
type RuleCount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Hits int64  `json:"hits"`
}

const statsDays = 30

// Stats computes a guild's figures. Every figure is a count on an index
// (about 60 of them), so the cost grows with the number of days and case
// types, not with the number of cases.
func (s *Service) Stats(ctx context.Context, guildID string) (*Stats, error) {
	now := s.now()
	first := now.Truncate(24*time.Hour).AddDate(0, 0, -(statsDays - 1))
	st := &Stats{ByType: map[CaseType]int{}, TopRules: []RuleCount{}}
	// Cases that never took effect (pending, failed) are left out; they
	// are rare, so they are counted per day only when there are any.
	unsettled := int64(0)
	for _, status := range []Status{StatusPending, StatusFailed} {
		n, err := s.st.cases.Count(ctx, store.Where("guildId", guildID).Where("status", status).Gte("createdAt", first))
		if err != nil {
			return nil, fmt.Errorf("stats of guild %s: %w", guildID, err)
		}
		unsettled += n
	}
	for d := first; !d.After(now); d = d.AddDate(0, 0, 1) {
		day := store.Where("guildId", guildID).Gte("createdAt", d).Lt("createdAt", d.AddDate(0, 0, 1))
		n, err := s.st.cases.Count(ctx, day)
		if err != nil {
			return nil, fmt.Errorf("stats of guild %s: %w", guildID, err)
		}
		if unsettled > 0 {
			for _, status := range []Status{StatusPending, StatusFailed} {
				u, err := s.st.cases.Count(ctx, day.Where("status", status))
				if err != nil {
					return nil, fmt.Errorf("stats of guild %s: %w", guildID, err)
				}
				n -= u
			}
		}
		st.CasesPerDay = append(st.CasesPerDay, DayCount{Date: d.Format(time.DateOnly), Count: int(n)})
	}
	if err := s.countByType(ctx, guildID, st); err != nil {
		return nil, err
	}
	var err error
	if st.ActiveTimeouts, err = s.st.cases.Count(ctx, store.Where("guildId", guildID).Where("type", TypeTimeout).
		Where("status", StatusActive).Gt("expiresAt", now)); err != nil {
		return nil, fmt.Errorf("active timeouts of guild %s: %w", guildID, err)
	}
	if st.ActiveBans, err = s.st.cases.Count(ctx, store.Where("guildId", guildID).Where("type", TypeBan).
		Where("status", StatusActive)); err != nil {
		return nil, fmt.Errorf("active bans of guild %s: %w", guildID, err)
	}
	return st, s.topRules(ctx, guildID, st)
}

// countByType counts the cases of each type that took effect.
func (s *Service) countByType(ctx context.Context, guildID string, st *Stats) error {
	for _, t := range CaseTypes {
		q := store.Where("guildId", guildID).Where("type", t)
		all, err := s.st.cases.Count(ctx, q)
		if err != nil {
			return fmt.Errorf("cases by type of guild %s: %w", guildID, err)
		}
		for _, status := range []Status{StatusPending, StatusFailed} {
			n, err := s.st.cases.Count(ctx, q.Where("status", status))
			if err != nil {
				return fmt.Errorf("cases by type of guild %s: %w", guildID, err)
			}
			all -= n
		}
		st.ByType[t] = int(all)
	}
	return nil
}

func (s *Service) topRules(ctx context.Context, guildID string, st *Stats) error {
	top, err := s.st.ruleHits.Find(ctx, store.Where("guildId", guildID).Gt("hits", 0).OrderBy("-hits").Limit(5))
	if err != nil {
		return fmt.Errorf("top rules of guild %s: %w", guildID, err)
	}
	for _, h := range top {
		r, err := s.st.rules.Get(ctx, h.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted since
		}
		if err != nil {
			return fmt.Errorf("top rules of guild %s: %w", guildID, err)
		}
		st.TopRules = append(st.TopRules, RuleCount{ID: h.ID, Name: r.Name, Hits: h.Hits})
	}
	return nil
}
