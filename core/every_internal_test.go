package core

import (
	"context"
	"testing"
	"time"
)

// TestSweepEverySweepsAtOnceThenPeriodically runs the sweep loop: the
// first sweep comes at once, more follow, and the loop returns when its
// context ends.
func TestSweepEverySweepsAtOnceThenPeriodically(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	swept := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sweepEvery(ctx, time.Millisecond, func(ctx context.Context) {
			select {
			case swept <- struct{}{}:
			case <-ctx.Done():
			}
		})
	}()
	for i := range 3 {
		select {
		case <-swept:
		case <-time.After(30 * time.Second):
			t.Fatalf("sweep %d never came", i+1)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the loop did not return when its context ended")
	}
}

// TestSweepEveryFirstSweepIsImmediate uses an hour between sweeps: the
// first sweep still comes at once.
func TestSweepEveryFirstSweepIsImmediate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	swept := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sweepEvery(ctx, time.Hour, func(context.Context) { swept <- struct{}{} })
	}()
	select {
	case <-swept:
	case <-time.After(30 * time.Second):
		t.Fatal("no sweep before the first period")
	}
	cancel()
	<-done
}

// TestEveryAfterWaitsItsFirstInterval: everyAfter (the audit retention's
// loop, whose first sweep Start has just done) does not sweep on entry, as
// sweepEvery does.
func TestEveryAfterWaitsItsFirstInterval(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	everyAfter(ctx, time.Hour, func(context.Context) { n++ })
	if n != 0 {
		t.Fatalf("everyAfter swept %d times before its first interval", n)
	}
	sweepEvery(ctx, time.Hour, func(context.Context) { n++ })
	if n != 1 {
		t.Fatalf("sweepEvery swept %d times on entry, want 1", n)
	}
}
