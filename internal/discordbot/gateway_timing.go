package discordbot

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Gateway timing, after Discord's documented rules: reconnects back off
// across attempts, an invalid session waits 1–5 s before identifying
// again, and identifies keep to max_concurrency per 5 s.
const (
	// reconnectBase and reconnectMax bound the backoff: the n-th attempt
	// in a row waits a random time in [d/2, d) with d = base·2^(n-1),
	// capped at max. The first waits under 250 ms, to resume at once
	// after a single drop.
	reconnectBase = time.Second
	reconnectMax  = time.Minute
	// reconnectStable is how long a connection must stay READY before a
	// drop counts as a first attempt again. A server that accepts and
	// closes at once therefore never resets the count.
	reconnectStable = time.Minute
	// identifyWindow is Discord's identify window per max_concurrency key.
	identifyWindow = 5 * time.Second
)

// gatewayClock is the gateway's time for its waits (not its heartbeat),
// so that tests can run backoff and identify limits without waiting.
type gatewayClock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	// randN returns a uniform value in [0, n); n > 0.
	randN func(n int64) int64
}

func realClock() gatewayClock {
	return gatewayClock{now: time.Now, sleep: sleepCtx, randN: rand.Int64N}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// jitter returns a random duration in [lo, hi).
func (c gatewayClock) jitter(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(c.randN(int64(hi-lo)))
}

// reconnectDelay is the wait before the attempt-th reconnect in a row
// (0-based).
func (c gatewayClock) reconnectDelay(attempt int) time.Duration {
	if attempt <= 0 {
		return c.jitter(0, 250*time.Millisecond)
	}
	d := min(reconnectBase<<min(attempt-1, 16), reconnectMax)
	return c.jitter(d/2, d)
}

// invalidSessionDelay is Discord's random 1–5 s wait after op 9.
func (c gatewayClock) invalidSessionDelay() time.Duration {
	return c.jitter(time.Second, 5*time.Second)
}

// identifyLimiter keeps IDENTIFYs to Discord's max_concurrency: shards
// with the same shard_id % max_concurrency identify at most once per
// 5 s. Every IDENTIFY of every shard passes through it, re-identifies
// after an invalid session included.
type identifyLimiter struct {
	clock          gatewayClock
	maxConcurrency int

	mu   sync.Mutex
	next map[int]time.Time // by key: the earliest next identify
}

func newIdentifyLimiter(clock gatewayClock, maxConcurrency int) *identifyLimiter {
	return &identifyLimiter{clock: clock, maxConcurrency: max(maxConcurrency, 1), next: map[int]time.Time{}}
}

// wait reserves the shard's next identify slot and waits for it.
func (l *identifyLimiter) wait(ctx context.Context, shard int) error {
	key := shard % l.maxConcurrency
	l.mu.Lock()
	now := l.clock.now()
	at := l.next[key]
	if at.Before(now) {
		at = now
	}
	l.next[key] = at.Add(identifyWindow)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return l.clock.sleep(ctx, d)
	}
	return nil
}
