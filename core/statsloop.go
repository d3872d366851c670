package core

import (
	"context"
	"sync"
	"time"
)

// statsEvery is how often a StatsLoop recomputes a guild at most.
const statsEvery = time.Second

// StatsLoop recomputes a plugin's per-guild figures after its writes and
// broadcasts them as "<plugin>:stats_updated". A write calls Mark with its
// guild; the loop computes each marked guild at most once a second, so a
// burst of writes costs one or two computations, and the bus coalesces
// what goes out besides. Marks are kept in a set, never dropped, however
// many guilds are marked at once. A failed computation is logged and
// waits for the guild's next mark.
type StatsLoop struct {
	compute func(ctx context.Context, guildID string) (any, error)
	publish func(guildID string, figures any)
	pc      *Context
	every   time.Duration

	mu   sync.Mutex
	due  map[string]struct{}
	wake chan struct{} // a signal that due is not empty; holds at most one
}

// StatsLoop returns the plugin's stats loop; compute returns a guild's
// figures (the body of the plugin's GET stats). The plugin declares the
// event "<plugin>:stats_updated" and calls Start from its Start.
func (pc *Context) StatsLoop(compute func(ctx context.Context, guildID string) (any, error)) *StatsLoop {
	event := pc.ID + ":stats_updated"
	return &StatsLoop{
		compute: compute,
		publish: func(guildID string, figures any) { _ = pc.Broadcast(guildID, event, figures) },
		pc:      pc,
		every:   statsEvery,
		due:     map[string]struct{}{},
		wake:    make(chan struct{}, 1),
	}
}

// Start runs the loop in a goroutine the core owns, until the plugin
// stops. Marks made before Start are computed once it runs.
func (l *StatsLoop) Start() { l.pc.Go("stats", l.run) }

// Mark asks for the guild's figures to be recomputed and broadcast. It
// never blocks.
func (l *StatsLoop) Mark(guildID string) {
	l.mu.Lock()
	l.due[guildID] = struct{}{}
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default: // a wake-up is pending already; it sees this mark too
	}
}

// take empties the set of marked guilds and returns them.
func (l *StatsLoop) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.due))
	for g := range l.due {
		out = append(out, g)
	}
	clear(l.due)
	return out
}

// run waits for marks and computes the marked guilds, at most once per
// l.every.
func (l *StatsLoop) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		}
		for _, g := range l.take() {
			figures, err := l.compute(ctx, g)
			if err != nil {
				if ctx.Err() == nil {
					l.pc.Logger.Warn("stats not computed", "guild", g, "err", err)
				}
				continue
			}
			l.publish(g, figures)
		}
		// Marks made from now on wait out the rest of the second.
		pause := time.NewTimer(l.every)
		select {
		case <-ctx.Done():
			pause.Stop()
			return
		case <-pause.C:
		}
	}
}
