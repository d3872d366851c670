package storetest

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// Timed runs op b.N times from parallel goroutines (each with its own
// random source) and reports the median and 99th-percentile latency, as
// the store's benchmarks quote them.
func Timed(b *testing.B, op func(r *rand.Rand) error) {
	var mu sync.Mutex
	var all []time.Duration
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(rand.Uint64(), 1))
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			if err := op(r); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	ReportLatency(b, all)
}

// ReportLatency reports the median and 99th percentile of latencies, in
// milliseconds, as the metrics p50-ms and p99-ms.
func ReportLatency(b *testing.B, latencies []time.Duration) {
	if len(latencies) == 0 {
		return
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
