package discordbot

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// FakeClock times the gateway's backoff and identify waits in tests:
// every sleep returns at once and is recorded; time stands still unless
// the clock advances on sleeps (NewFakeClock(true)) or Advance is called.
type FakeClock struct {
	mu       sync.Mutex
	now      time.Time
	advances bool
	sleeps   []time.Duration
	rnd      *rand.Rand
}

// NewFakeClock returns a clock at a fixed instant.
func NewFakeClock(advanceOnSleep bool) *FakeClock {
	return &FakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), advances: advanceOnSleep, rnd: rand.New(rand.NewPCG(1, 2))}
}

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Sleeps returns the waits asked for so far, in order.
func (c *FakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

func (c *FakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	if c.advances {
		c.now = c.now.Add(d)
	}
	c.mu.Unlock()
	return ctx.Err()
}

func (c *FakeClock) randN(n int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rnd.Int64N(n)
}

// WithGatewayClock makes the Discord component time its gateway waits by c.
func WithGatewayClock(o DiscordOptions, c *FakeClock) DiscordOptions {
	o.clock = gatewayClock{now: c.Now, sleep: c.sleep, randN: c.randN}
	return o
}

// SeenSetFirstTime exposes the interaction de-duplication set.
func SeenSetFirstTime(size int, ttl time.Duration, now func() time.Time) func(id string) bool {
	return newSeenSet(size, ttl, now).firstTime
}

// WithDeferTimer makes the component arm its automatic defer with timer
// instead of time.AfterFunc.
func WithDeferTimer(o DiscordOptions, timer func(d time.Duration, f func()) (stop func() bool)) DiscordOptions {
	o.timer = timer
	return o
}
