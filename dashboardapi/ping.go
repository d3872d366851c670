package dashboardapi

import (
	"sync"
	"time"
)

// pingSampleEvery is how often the gateway latency is sampled.
const pingSampleEvery = 10 * time.Second

// pingHistory keeps two hours of latency samples for the ping figures.
type pingHistory struct {
	mu      sync.Mutex
	samples []pingSample
}

type pingSample struct {
	at time.Time
	ms float64
}

func (p *pingHistory) add(at time.Time, d time.Duration) {
	if d <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	cutoff := at.Add(-2 * time.Hour)
	i := 0
	for i < len(p.samples) && p.samples[i].at.Before(cutoff) {
		i++
	}
	p.samples = append(p.samples[i:], pingSample{at: at, ms: float64(d) / float64(time.Millisecond)})
}

// figures returns the average latency of the last hour in whole
// milliseconds and its change from the hour before (0 when that hour has
// no samples).
func (p *pingHistory) figures(now time.Time) (avg, change int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var cur, prev struct {
		sum float64
		n   int
	}
	for _, s := range p.samples {
		switch {
		case s.at.After(now.Add(-time.Hour)):
			cur.sum += s.ms
			cur.n++
		case s.at.After(now.Add(-2 * time.Hour)):
			prev.sum += s.ms
			prev.n++
		}
	}
	if cur.n == 0 {
		return 0, 0
	}
	avg = int64(cur.sum/float64(cur.n) + 0.5)
	if prev.n == 0 {
		return avg, 0
	}
	return avg, avg - int64(prev.sum/float64(prev.n)+0.5)
}
