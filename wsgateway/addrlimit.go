package wsgateway

import (
	"math"
	"sync"
	"time"
)

// maxTrackedAddrs bounds the per-address state; past it, addresses with
// no pending connection are forgotten (they come back with a full
// allowance).
const maxTrackedAddrs = 100_000

// addrLimits holds the per-address limits on new connections: a token
// bucket of connections per minute, and a cap on connections that have
// not authenticated yet. Addresses are client keys (core.AddrKey: IPv4
// addresses, IPv6 /64 networks) found behind TRUSTED_PROXIES.
type addrLimits struct {
	maxPending int
	rate       float64 // tokens per second
	burst      float64
	now        func() time.Time

	mu    sync.Mutex
	addrs map[string]*addrState
}

type addrState struct {
	pending int
	tokens  float64
	last    time.Time
}

// Why an address was refused.
const (
	refusedRate    = "address_rate"
	refusedPending = "address_pending"
)

func newAddrLimits(maxPending, perMinute int, now func() time.Time) *addrLimits {
	return &addrLimits{maxPending: maxPending, rate: float64(perMinute) / 60, burst: float64(perMinute),
		now: now, addrs: map[string]*addrState{}}
}

// admit takes a connection from key's allowance and counts it as pending.
// When refused it says why and how long until a retry may succeed (0:
// unknown, once a pending connection ends).
func (a *addrLimits) admit(key string) (ok bool, why string, retry time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	s := a.addrs[key]
	if s == nil {
		if len(a.addrs) >= maxTrackedAddrs {
			a.sweepLocked()
		}
		s = &addrState{tokens: a.burst, last: now}
		a.addrs[key] = s
	}
	s.tokens = math.Min(a.burst, s.tokens+now.Sub(s.last).Seconds()*a.rate)
	s.last = now
	if s.pending >= a.maxPending {
		return false, refusedPending, 0
	}
	if s.tokens < 1 {
		return false, refusedRate, time.Duration((1 - s.tokens) / a.rate * float64(time.Second))
	}
	s.tokens--
	s.pending++
	return true, "", 0
}

// release ends a pending connection of key: it authenticated or closed.
func (a *addrLimits) release(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s := a.addrs[key]; s != nil && s.pending > 0 {
		s.pending--
	}
}

// pending returns how many connections of key have not authenticated.
func (a *addrLimits) pendingOf(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s := a.addrs[key]; s != nil {
		return s.pending
	}
	return 0
}

// sweepLocked forgets addresses with nothing pending. Those with pending
// connections are at most WS_MAX_CONNECTIONS, so the map stays bounded.
func (a *addrLimits) sweepLocked() {
	for k, s := range a.addrs {
		if s.pending == 0 {
			delete(a.addrs, k)
		}
	}
}
