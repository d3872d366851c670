package dashboardapi

import (
	"container/list"
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

// maxLimiterClients bounds the limiter's memory; past it the client seen
// longest ago is forgotten (it comes back with a full bucket).
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
// Keys are kept in order of last use, so that the least recently seen one
// is evicted first when the limiter is full.
type limiter struct {
	rate       float64 // tokens per second
	burst      float64
	now        func() time.Time
	maxClients int

	mu      sync.Mutex
	buckets map[string]*list.Element // of *bucket
	order   *list.List               // most recently used at the front
}

type bucket struct {
	key    string
	tokens float64
	last   time.Time
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{rate: float64(perMinute) / 60, burst: float64(perMinute), now: now,
		maxClients: maxLimiterClients, buckets: map[string]*list.Element{}, order: list.New()}
}

// allow takes a token for key, or says how long until one is free.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var b *bucket
	if e := l.buckets[key]; e != nil {
		l.order.MoveToFront(e)
		b = e.Value.(*bucket)
	} else {
		for len(l.buckets) >= l.maxClients {
			oldest := l.order.Back()
			delete(l.buckets, oldest.Value.(*bucket).key)
			l.order.Remove(oldest)
		}
		b = &bucket{key: key, tokens: l.burst, last: now}
		l.buckets[key] = l.order.PushFront(b)
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// rateLimit answers 429 with Retry-After once a client has used its
// per-minute allowance.
func (s *Server) rateLimit(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := s.limits.other
		if r.URL.Path == "/api/stats" {
			l = s.limits.stats
		}
		ok, wait := l.allow(s.proxies.ClientKey(r))
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			core.WriteError(w, core.Errorf(core.CodeRateLimited, "too many requests; retry in %s", fmt.Sprintf("%ds", max(secs, 1))))
			return
		}
		h.ServeHTTP(w, r)
	})
}
