package dashboardapi

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// statsPerMinute is the contract's limit on /api/stats per client.
const statsPerMinute = 60

// maxLimiterClients bounds the limiter's memory; past it idle clients are
// swept, and if none are idle the oldest state is dropped.
const maxLimiterClients = 100_000

// rateLimits holds one token bucket per client for /api/stats and one for
// every other route.
type rateLimits struct {
	stats, other *limiter
}

func newRateLimits(perMinute int, now func() time.Time) *rateLimits {
	return &rateLimits{stats: newLimiter(statsPerMinute, now), other: newLimiter(perMinute, now)}
}

// limiter is a token bucket per key: perMinute tokens, refilled evenly.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{rate: float64(perMinute) / 60, burst: float64(perMinute), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for key, or says how long until one is free.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxLimiterClients {
			l.sweepLocked(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweepLocked drops full buckets (clients idle long enough to be whole
// again); if that frees nothing, it starts over.
func (l *limiter) sweepLocked(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxLimiterClients {
		l.buckets = map[string]*bucket{}
	}
}

// rateLimit answers 429 with Retry-After once a client has used its
// per-minute allowance.
func (s *Server) rateLimit(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := s.limits.other
		if r.URL.Path == "/api/stats" {
			l = s.limits.stats
		}
		ok, wait := l.allow(s.proxies.clientIP(r))
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			core.WriteError(w, core.Errorf(core.CodeRateLimited, "too many requests; retry in %s", fmt.Sprintf("%ds", max(secs, 1))))
			return
		}
		h.ServeHTTP(w, r)
	})
}
