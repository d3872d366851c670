package modmail

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Stats are a guild's modmail figures, served at GET stats and pushed as
// modmail:stats_updated.
type Stats struct {
	Open    int64 `json:"open"`
	Waiting int64 `json:"waiting"`
	Claimed int64 `json:"claimed"`
	// MedianFirstResponseSeconds and MedianResolutionSeconds are over the
	// last StatsWindow closed conversations; zero when there are none.
	MedianFirstResponseSeconds int64 `json:"medianFirstResponseSeconds"`
	MedianResolutionSeconds    int64 `json:"medianResolutionSeconds"`
	// Sample is how many closed conversations the medians cover.
	Sample int          `json:"sample"`
	Staff  []StaffStats `json:"staff"`
}

// StaffStats are one staff member's figures over the same window, plus
// what they hold open now.
type StaffStats struct {
	UserID                     string `json:"userId"`
	FirstResponses             int    `json:"firstResponses"`
	Closed                     int    `json:"closed"`
	Claimed                    int    `json:"claimed"`
	MedianFirstResponseSeconds int64  `json:"medianFirstResponseSeconds"`
}

// StatsWindow bounds the closed conversations the medians read.
const StatsWindow = 500

// Stats computes the guild's figures: three counts on indexes and one
// bounded read of the newest closed conversations.
func (s *Service) Stats(ctx context.Context, guildID string) (*Stats, error) {
	open := store.Where("guildId", guildID).Where("status", StatusOpen)
	st := &Stats{Staff: []StaffStats{}}
	var err error
	if st.Open, err = s.st.convs.Count(ctx, open); err != nil {
		return nil, fmt.Errorf("modmail: stats of guild %s: %w", guildID, err)
	}
	if st.Waiting, err = s.st.convs.Count(ctx, open.Where("waiting", true)); err != nil {
		return nil, fmt.Errorf("modmail: stats of guild %s: %w", guildID, err)
	}
	openConvs, err := s.st.convs.Find(ctx, open.OrderBy("-lastMessageAt").Limit(StatsWindow))
	if err != nil {
		return nil, fmt.Errorf("modmail: stats of guild %s: %w", guildID, err)
	}
	closed, err := s.st.convs.Find(ctx, store.Where("guildId", guildID).Where("status", StatusClosed).OrderBy("-closedAt").Limit(StatsWindow))
	if err != nil {
		return nil, fmt.Errorf("modmail: stats of guild %s: %w", guildID, err)
	}
	staff := map[string]*StaffStats{}
	get := func(id string) *StaffStats {
		if staff[id] == nil {
			staff[id] = &StaffStats{UserID: id}
		}
		return staff[id]
	}
	for _, c := range openConvs {
		if c.ClaimedBy != "" {
			st.Claimed++
			get(c.ClaimedBy).Claimed++
		}
	}
	var first, resolve []time.Duration
	perStaff := map[string][]time.Duration{}
	for _, c := range closed {
		st.Sample++
		if c.ClosedAt != nil {
			resolve = append(resolve, c.ClosedAt.Sub(c.CreatedAt))
		}
		if c.FirstResponseAt != nil {
			d := c.FirstResponseAt.Sub(c.CreatedAt)
			first = append(first, d)
			get(c.FirstResponder).FirstResponses++
			perStaff[c.FirstResponder] = append(perStaff[c.FirstResponder], d)
		}
		if c.ClosedBy != "" && c.ClosedBy != SystemActor {
			get(c.ClosedBy).Closed++
		}
	}
	st.MedianFirstResponseSeconds, st.MedianResolutionSeconds = median(first), median(resolve)
	for id, x := range staff {
		x.MedianFirstResponseSeconds = median(perStaff[id])
		st.Staff = append(st.Staff, *x)
	}
	sort.Slice(st.Staff, func(i, j int) bool {
		a, b := st.Staff[i], st.Staff[j]
		return a.FirstResponses+a.Closed > b.FirstResponses+b.Closed || (a.FirstResponses+a.Closed == b.FirstResponses+b.Closed && a.UserID < b.UserID)
	})
	return st, nil
}

func median(ds []time.Duration) int64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return int64(ds[len(ds)/2] / time.Second)
}
