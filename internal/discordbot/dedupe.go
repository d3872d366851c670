package discordbot

import (
	"sync"
	"time"
)

// Discord may deliver one interaction twice (after a resume, or on its own);
// running /warn twice would open two cases. Interaction ids are remembered
// for as long as Discord accepts a response (15 minutes), up to a bound.
const (
	interactionDedupeTTL  = 15 * time.Minute
	interactionDedupeSize = 10_000
)

// seenSet is a bounded, time-limited set of ids: an id is remembered for
// ttl, and past size ids the oldest are forgotten first.
type seenSet struct {
	size int
	ttl  time.Duration
	now  func() time.Time

	mu    sync.Mutex
	at    map[string]time.Time
	order []seenEntry // insertion order, oldest first
}

type seenEntry struct {
	id string
	at time.Time
}

func newSeenSet(size int, ttl time.Duration, now func() time.Time) *seenSet {
	return &seenSet{size: size, ttl: ttl, now: now, at: map[string]time.Time{}}
}

// firstTime records id and reports whether it was not already held.
func (s *seenSet) firstTime(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for len(s.order) > 0 && (len(s.order) >= s.size || now.Sub(s.order[0].at) >= s.ttl) {
		old := s.order[0]
		s.order = s.order[1:]
		if s.at[old.id] == old.at {
			delete(s.at, old.id)
		}
	}
	if at, ok := s.at[id]; ok && now.Sub(at) < s.ttl {
		return false
	}
	s.at[id] = now
	s.order = append(s.order, seenEntry{id, now})
	return true
}
