package tickets

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Stats are a guild's ticket figures over the last 30 days, served at GET
// stats and pushed as tickets:stats_updated.
type Stats struct {
	// PerDay covers the last 30 days (UTC), oldest first.
	PerDay []DayCount `json:"perDay"`
	// Open is the tickets open now (of those opened in the window).
	Open int `json:"open"`
	// MedianClaimSeconds and MedianCloseSeconds are from opening to the
	// first claim, and to the close; zero when there is none.
	MedianClaimSeconds int64        `json:"medianClaimSeconds"`
	MedianCloseSeconds int64        `json:"medianCloseSeconds"`
	ByCategory         []GroupStats `json:"byCategory"`
	ByStaff            []GroupStats `json:"byStaff"`
}

// DayCount is the tickets opened and closed on one day.
type DayCount struct {
	Date   string `json:"date"`
	Opened int    `json:"opened"`
	Closed int    `json:"closed"`
}

// GroupStats are the figures of one category (Key: its key, Label) or one
// staff member (Key: their id): tickets opened in it or claimed by them,
// those closed, and the medians.
type GroupStats struct {
	Key                string `json:"key"`
	Label              string `json:"label,omitempty"`
	Tickets            int    `json:"tickets"`
	Closed             int    `json:"closed"`
	MedianClaimSeconds int64  `json:"medianClaimSeconds"`
	MedianCloseSeconds int64  `json:"medianCloseSeconds"`
}

const (
	statsDays = 30
	// statsCap bounds the tickets read for the figures.
	statsCap = 20000
)

type durations struct{ claim, close []int64 }

func (d *durations) add(t *Ticket) {
	if t.ClaimedAt != nil {
		d.claim = append(d.claim, int64(t.ClaimedAt.Sub(t.CreatedAt)/time.Second))
	}
	if t.ClosedAt != nil {
		d.close = append(d.close, int64(t.ClosedAt.Sub(t.CreatedAt)/time.Second))
	}
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// Stats computes a guild's figures from the tickets opened in the window,
// in one indexed read.
func (s *Service) Stats(ctx context.Context, guildID string) (*Stats, error) {
	now := s.clock()
	first := now.Truncate(24*time.Hour).AddDate(0, 0, -(statsDays - 1))
	all, err := s.st.tickets.Find(ctx, store.Where("guildId", guildID).Gte("createdAt", first).Limit(statsCap))
	if err != nil {
		return nil, fmt.Errorf("tickets: stats of guild %s: %w", guildID, err)
	}
	st := &Stats{ByCategory: []GroupStats{}, ByStaff: []GroupStats{}}
	days := map[string]*DayCount{}
	for d := first; !d.After(now); d = d.AddDate(0, 0, 1) {
		st.PerDay = append(st.PerDay, DayCount{Date: d.Format(time.DateOnly)})
	}
	for i := range st.PerDay {
		days[st.PerDay[i].Date] = &st.PerDay[i]
	}
	var whole durations
	cats, staff := map[string]*durations{}, map[string]*durations{}
	catStats, staffStats := map[string]*GroupStats{}, map[string]*GroupStats{}
	for i := range all {
		t := &all[i]
		if t.Status == StatusOpening {
			continue
		}
		if d := days[t.CreatedAt.Format(time.DateOnly)]; d != nil {
			d.Opened++
		}
		if t.ClosedAt != nil {
			if d := days[t.ClosedAt.Format(time.DateOnly)]; d != nil {
				d.Closed++
			}
		}
		if t.Status == StatusOpen {
			st.Open++
		}
		whole.add(t)
		group(catStats, cats, t.Category, t.CategoryLabel, t)
		if t.ClaimedBy != "" {
			group(staffStats, staff, t.ClaimedBy, "", t)
		}
	}
	st.MedianClaimSeconds, st.MedianCloseSeconds = median(whole.claim), median(whole.close)
	st.ByCategory = finish(catStats, cats)
	st.ByStaff = finish(staffStats, staff)
	return st, nil
}

func group(stats map[string]*GroupStats, durs map[string]*durations, key, label string, t *Ticket) {
	g := stats[key]
	if g == nil {
		g = &GroupStats{Key: key, Label: label}
		stats[key], durs[key] = g, &durations{}
	}
	g.Tickets++
	if t.ClosedAt != nil {
		g.Closed++
	}
	durs[key].add(t)
}

func finish(stats map[string]*GroupStats, durs map[string]*durations) []GroupStats {
	out := make([]GroupStats, 0, len(stats))
	for k, g := range stats {
		g.MedianClaimSeconds, g.MedianCloseSeconds = median(durs[k].claim), median(durs[k].close)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Tickets != out[j].Tickets {
			return out[i].Tickets > out[j].Tickets
		}
		return out[i].Key < out[j].Key
	})
	return out
}
