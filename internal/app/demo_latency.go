package app

import (
	"math/rand/v2"
	"time"
)

// The simulated gateway latency walks within these bounds, so the
// dashboard's ping card moves as it would against Discord.
const (
	demoLatencyMin   = 30 * time.Millisecond
	demoLatencyMax   = 90 * time.Millisecond
	demoLatencyStart = 40 * time.Millisecond
	demoLatencyStep  = 8 * time.Millisecond
	// demoLatencyEvery is shorter than the demo's heartbeat interval, so
	// most heartbeats see a new value.
	demoLatencyEvery = 3 * time.Second
)

// latencyWalk is a bounded random walk. It is used from one goroutine.
type latencyWalk struct {
	cur time.Duration
}

// next moves the latency by at most one step either way, reflecting at
// the bounds, and returns it.
func (w *latencyWalk) next(rng *rand.Rand) time.Duration {
	if w.cur == 0 {
		w.cur = demoLatencyStart
	}
	step := time.Duration(rng.Int64N(int64(2*demoLatencyStep)+1)) - demoLatencyStep
	w.cur += step
	if w.cur < demoLatencyMin {
		w.cur = 2*demoLatencyMin - w.cur
	}
	if w.cur > demoLatencyMax {
		w.cur = 2*demoLatencyMax - w.cur
	}
	return w.cur
}
