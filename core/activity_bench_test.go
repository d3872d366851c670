package core_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/storetest"
	"github.com/warden-bot/warden/internal/testenv"
)

// Benchmarks of the activity record and the figures read from it, as
// docs/benchmarks.md records them:
//
//	go test ./core -run '^$' -bench 'Activity' -benchtime 3s -count 3

// BenchmarkRecordActivity stores one activity with its rollups (about ten
// writes, one transaction on the embedded store).
func BenchmarkRecordActivity(b *testing.B) {
	c := testenv.Core(b, testenv.Config(b, func(c *core.Config) { c.LogLevel = "error" }), core.Options{})
	ctx := context.Background()
	at := time.Now()
	var all []time.Duration
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		err := c.RecordActivity(ctx, core.Activity{Type: core.ActivitySuccess, Kind: "command", Message: "ran /warn",
			GuildID: fmt.Sprintf("3%017d", i%50), UserID: fmt.Sprintf("2%017d", i%5000), Timestamp: at})
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, time.Since(t0))
	}
	b.StopTimer()
	storetest.ReportLatency(b, all)
}

type activityRow struct {
	store.Meta
	Kind      string    `json:"kind"`
	Timestamp time.Time `json:"timestamp"`
}

// BenchmarkActivityFigures compares the month's command count read from
// the rollups (what the stats use) with the same count taken over an index
// of the activity itself, at 100,000 records in the month.
func BenchmarkActivityFigures(b *testing.B) {
	c := testenv.Core(b, testenv.Config(b, func(c *core.Config) { c.LogLevel = "error" }), core.Options{})
	ctx := context.Background()
	now := time.Now().UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	const n = 100_000
	err := c.Store().Tx(ctx, func(ctx context.Context) error {
		for i := range n {
			at := start.Add(now.Sub(start) / n * time.Duration(i))
			if err := c.RecordActivity(ctx, core.Activity{Type: core.ActivitySuccess, Kind: "command", Message: "x",
				GuildID: "300000000000000001", UserID: fmt.Sprintf("2%017d", i%5000), Timestamp: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("rollups", func(b *testing.B) {
		for range b.N {
			f, err := c.ActivityFigures(ctx, "", now)
			if err != nil || f.CommandsThisMonth != n {
				b.Fatalf("%d commands, %v", f.CommandsThisMonth, err)
			}
		}
	})
	b.Run("count_over_index", func(b *testing.B) {
		rows, err := store.Declare[activityRow](ctx, c.Store(), core.ActivityCollection,
			store.Index{Name: "kind_at", Fields: []string{"kind", "timestamp"}})
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for range b.N {
			got, err := rows.Count(ctx, store.Where("kind", "command").Gte("timestamp", start).Lt("timestamp", now.Add(time.Second)))
			if err != nil || got != n {
				b.Fatalf("%d commands, %v", got, err)
			}
		}
	})
}
