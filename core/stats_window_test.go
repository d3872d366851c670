package core_test

import (
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

func TestMonthWindows(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		now, cur, prevStart, prevEnd string
	}{
		{"2026-03-10T12:00:00Z", "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-10T12:00:00Z"},
		{"2026-03-31T12:00:00Z", "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"},
		{"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2025-12-01T00:00:00Z", "2025-12-01T00:00:00Z"},
		{"2026-01-15T06:30:00Z", "2026-01-01T00:00:00Z", "2025-12-01T00:00:00Z", "2025-12-15T06:30:00Z"},
		{"2026-05-31T23:59:59Z", "2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"},
		{"2026-03-01T01:00:00+02:00", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-28T23:00:00Z"},
	}
	for _, tc := range cases {
		t.Run(tc.now, func(t *testing.T) {
			cur, ps, pe := core.MonthWindows(d(tc.now))
			if !cur.Equal(d(tc.cur)) || !ps.Equal(d(tc.prevStart)) || !pe.Equal(d(tc.prevEnd)) {
				t.Fatalf("got %s %s %s", cur, ps, pe)
			}
		})
	}
}

func TestHourBuckets(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC)
	h := core.HourBuckets(now)
	if len(h) != 24 || !h[23].Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !h[0].Equal(time.Date(2025, 12, 31, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("buckets %v", h)
	}
}

func TestPercentChange(t *testing.T) {
	cases := []struct {
		prev, cur int64
		want      float64
	}{{0, 0, 0}, {0, 5, 100}, {10, 15, 50}, {3, 2, -33.3}, {4, 0, -100}}
	for _, tc := range cases {
		if got := core.PercentChange(tc.prev, tc.cur); got != tc.want {
			t.Errorf("PercentChange(%d, %d) = %v, want %v", tc.prev, tc.cur, got, tc.want)
		}
	}
}
