package core

import (
	"context"
	"time"
)

// SweepLeased runs sweep at once and then every `every`, on one instance
// of a deployment at a time: the periodic sweep of a plugin's scheduler
// (expired bans, due closes, inactivity warnings). It is built on
// GoLeased, so sweep's context is canceled when this instance loses the
// lease or the plugin stops, and the sweeps restart on whichever instance
// takes the lease over. A sweep that outlasts `every` delays the next one
// rather than overlapping it. sweep should find its work in the store
// each time (an index on the due time, not a timer in memory), so what
// fell due while no instance swept is handled at the next sweep. name is
// unique within the plugin.
func (pc *Context) SweepLeased(name string, every time.Duration, sweep func(ctx context.Context)) {
	pc.GoLeased(name, func(ctx context.Context) { sweepEvery(ctx, every, sweep) })
}

// sweepEvery calls sweep at once and then every `every` until ctx ends.
func sweepEvery(ctx context.Context, every time.Duration, sweep func(ctx context.Context)) {
	sweep(ctx)
	everyAfter(ctx, every, sweep)
}

// everyAfter calls sweep every `every`, the first time after one
// interval, until ctx ends.
func everyAfter(ctx context.Context, every time.Duration, sweep func(ctx context.Context)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		sweep(ctx)
	}
}
