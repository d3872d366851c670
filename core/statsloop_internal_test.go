package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// statsLoopForTest returns a loop of a bare plugin context whose
// broadcasts go to the returned channel.
func statsLoopForTest(t *testing.T, compute func(ctx context.Context, guildID string) (any, error)) (*StatsLoop, chan string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pc := &Context{ID: "test", Logger: slog.New(slog.DiscardHandler), ctx: ctx, cancel: cancel}
	t.Cleanup(func() {
		if err := pc.stop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	got := make(chan string, 4096)
	l := pc.StatsLoop(compute)
	l.publish = func(guildID string, _ any) { got <- guildID }
	return l, got
}

// awaitGuilds receives broadcasts until every guild of want has had one.
func awaitGuilds(t *testing.T, got <-chan string, want map[string]bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for len(want) > 0 {
		select {
		case g := <-got:
			delete(want, g)
		case <-deadline:
			t.Fatalf("%d guilds never broadcast", len(want))
		}
	}
}

// TestStatsLoopKeepsEveryMark marks more guilds at once than the plugins'
// old 256-slot channels held: every one of them is computed and
// broadcast, each once.
func TestStatsLoopKeepsEveryMark(t *testing.T) {
	var calls sync.Map
	l, got := statsLoopForTest(t, func(_ context.Context, g string) (any, error) {
		n, _ := calls.LoadOrStore(g, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		return g, nil
	})
	want := map[string]bool{}
	for i := range 1000 {
		g := fmt.Sprintf("guild-%d", i)
		want[g] = true
		l.Mark(g)
		l.Mark(g) // a second mark before the loop runs costs nothing
	}
	l.Start()
	awaitGuilds(t, got, want)
	calls.Range(func(g, n any) bool {
		if c := n.(*atomic.Int32).Load(); c != 1 {
			t.Errorf("%s computed %d times, want 1", g, c)
		}
		return true
	})
}

// TestStatsLoopGoesOnAfterAFailure fails one guild's computation: the
// others are broadcast, and the failed guild is broadcast at its next
// mark.
func TestStatsLoopGoesOnAfterAFailure(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	l, got := statsLoopForTest(t, func(_ context.Context, g string) (any, error) {
		if g == "bad" && fail.Load() {
			return nil, errors.New("store down")
		}
		return g, nil
	})
	l.every = time.Millisecond
	l.Start()
	l.Mark("bad")
	l.Mark("good")
	awaitGuilds(t, got, map[string]bool{"good": true})
	fail.Store(false)
	l.Mark("bad")
	awaitGuilds(t, got, map[string]bool{"bad": true})
}
