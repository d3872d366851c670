package core

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
)

func leaseStore(t *testing.T) *store.Collection[leaseRecord] {
	t.Helper()
	ctx := context.Background()
	drv, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	db := store.New(drv)
	t.Cleanup(func() { _ = db.Close() })
	coll, err := declareCore[leaseRecord](ctx, db, leaseCollection)
	if err != nil {
		t.Fatal(err)
	}
	return coll
}

// fakeClock is a monotonic clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time         { return c.t }
func (c *fakeClock) add(d time.Duration)    { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock              { return &fakeClock{t: time.Unix(1_800_000_000, 0)} }
func (l *lease) mustTick(t *testing.T) bool { t.Helper(); return l.mustTickErr(t, nil) }

func (l *lease) mustTickErr(t *testing.T, want error) bool {
	t.Helper()
	held, _, err := l.tick(context.Background())
	if !errors.Is(err, want) {
		t.Fatalf("%s tick: err %v, want %v", l.holder, err, want)
	}
	return held
}

func TestLeaseTakeoverWaitsForAWholeTTLOfSilence(t *testing.T) {
	coll := leaseStore(t)
	clk := newFakeClock()
	const ttl = 9 * time.Second
	mk := func(holder string) *lease {
		return &lease{coll: coll, name: "p:work", holder: holder, ttl: ttl, clock: clk.now, wall: clk.now}
	}
	a, b := mk("a"), mk("b")

	if !a.mustTick(t) {
		t.Fatal("a did not take a free lease")
	}
	if b.mustTick(t) {
		t.Fatal("b took a held lease")
	}
	// a renews every ttl/3: b never sees a whole ttl of silence.
	for range 6 {
		clk.add(ttl / 3)
		if !a.mustTick(t) {
			t.Fatal("a lost a lease it renews")
		}
		if b.mustTick(t) {
			t.Fatal("b took a lease that is being renewed")
		}
	}
	// a falls silent (it died). Before a whole ttl, b waits.
	clk.add(ttl - time.Second)
	if b.mustTick(t) {
		t.Fatal("b took over before a whole ttl of silence")
	}
	clk.add(time.Second)
	if !b.mustTick(t) {
		t.Fatal("b did not take over after a whole ttl of silence")
	}
	// a wakes up (it was paused, not dead): its renewal loses.
	if a.mustTickErr(t, errLeaseLost) {
		t.Fatal("a still holds a lease b took")
	}
	// a's own deadline had passed long before b took over.
	if d := a.sentAt.Add(2 * ttl / 3); !d.Before(clk.now()) {
		t.Fatalf("a's deadline %v is not before b's takeover %v", d, clk.now())
	}
}

func TestLeaseReleasedIsTakenAtOnce(t *testing.T) {
	coll := leaseStore(t)
	clk := newFakeClock()
	a := &lease{coll: coll, name: "p:work", holder: "a", ttl: time.Minute, clock: clk.now, wall: clk.now}
	b := &lease{coll: coll, name: "p:work", holder: "b", ttl: time.Minute, clock: clk.now, wall: clk.now}
	if !a.mustTick(t) || b.mustTick(t) {
		t.Fatal("a should hold the lease and b wait")
	}
	if err := a.release(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !b.mustTick(t) {
		t.Fatal("b did not take a released lease at once")
	}
	if a.mustTick(t) {
		t.Fatal("a took back a lease b holds")
	}
}

func TestLeaseTwoTakersOneWinner(t *testing.T) {
	coll := leaseStore(t)
	clk := newFakeClock()
	dead := &lease{coll: coll, name: "p:work", holder: "dead", ttl: time.Second, clock: clk.now, wall: clk.now}
	if !dead.mustTick(t) {
		t.Fatal("no lease taken")
	}
	var takers []*lease
	for _, h := range []string{"b", "c", "d", "e"} {
		l := &lease{coll: coll, name: "p:work", holder: h, ttl: time.Second, clock: clk.now, wall: clk.now}
		l.mustTick(t) // starts watching the dead holder's version
		takers = append(takers, l)
	}
	clk.add(time.Second)
	won := 0
	for _, l := range takers {
		if l.mustTick(t) {
			won++
		}
	}
	if won != 1 {
		t.Fatalf("%d takers won, want 1", won)
	}
}

// TestGoLeasedRunsOnOneInstanceAndMovesOnStop runs the same leased work
// in two "instances" on one store: one runs it, and when that one stops
// (releasing the lease) the other starts it.
func TestGoLeasedRunsOnOneInstanceAndMovesOnStop(t *testing.T) {
	coll := leaseStore(t)
	var running [2]atomic.Bool
	var started [2]atomic.Int32
	stops := make([]context.CancelFunc, 2)
	dones := make([]chan struct{}, 2)
	for i := range 2 {
		l := &lease{coll: coll, name: "p:work", holder: []string{"a", "b"}[i], ttl: 3 * time.Second, clock: time.Now, wall: time.Now}
		ctx, cancel := context.WithCancel(context.Background())
		stops[i], dones[i] = cancel, make(chan struct{})
		go func() {
			defer close(dones[i])
			runLeased(ctx, l, slog.New(slog.DiscardHandler), func(ctx context.Context) {
				started[i].Add(1)
				running[i].Store(true)
				<-ctx.Done()
				running[i].Store(false)
			})
		}()
	}
	t.Cleanup(func() {
		for i := range 2 {
			stops[i]()
			<-dones[i]
		}
	})
	waitFor(t, "one instance to run the work", func() bool {
		return running[0].Load() || running[1].Load()
	})
	first := 0
	if running[1].Load() {
		first = 1
	}
	other := 1 - first
	stops[first]()
	<-dones[first]
	if running[first].Load() {
		t.Fatal("the stopped instance's work is still running")
	}
	waitFor(t, "the other instance to take the released lease", func() bool {
		return running[other].Load()
	})
	if n := started[first].Load(); n != 1 {
		t.Fatalf("the first instance started its work %d times, want 1", n)
	}
}

// waitFor polls cond until it holds (testenv.Eventually, which this
// package's internal tests cannot import).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
