package main

import (
	"sync/atomic"
	"time"
)

// histRes is the latency histogram's resolution and histMax its range;
// longer latencies count in the last bucket.
const (
	histRes = 10 * time.Microsecond
	histMax = 2 * time.Second
	histN   = int(histMax / histRes)
)

// hist is a fixed-resolution latency histogram that many readers record
// into without a lock.
type hist struct {
	b     [histN + 1]atomic.Int64
	count atomic.Int64
	max   atomic.Int64
}

func (h *hist) add(d time.Duration) {
	if d < 0 {
		d = 0
	}
	i := int(d / histRes)
	if i > histN {
		i = histN
	}
	h.b[i].Add(1)
	h.count.Add(1)
	for {
		m := h.max.Load()
		if int64(d) <= m || h.max.CompareAndSwap(m, int64(d)) {
			return
		}
	}
}

// quantile returns the latency below which q of the samples fall (the
// bucket's upper edge).
func (h *hist) quantile(q float64) time.Duration {
	n := h.count.Load()
	if n == 0 {
		return 0
	}
	rank := int64(q * float64(n))
	if rank >= n {
		rank = n - 1
	}
	var seen int64
	for i := range h.b {
		seen += h.b[i].Load()
		if seen > rank {
			return time.Duration(i+1) * histRes
		}
	}
	return histMax
}
