package moderation

import (
	"strings"
	"sync"
	"time"
)

// repeatTracker remembers recent messages per rule and member so a repeat
// trigger can count identical messages in its window. It is per instance and
// in memory: a restart forgets the window, which only delays a match.
type repeatTracker struct {
	mu      sync.Mutex
	entries map[repeatKey][]repeatSeen
	swept   time.Time
}

type repeatKey struct{ guild, rule, user string }

type repeatSeen struct {
	content string
	at      time.Time
}

// maxRepeatKeys bounds memory; past it, idle members are swept.
const (
	maxRepeatKeys   = 50000
	maxRepeatWindow = time.Hour
)

func newRepeatTracker() *repeatTracker {
	return &repeatTracker{entries: map[repeatKey][]repeatSeen{}}
}

// count records m and returns how many of the member's messages in the
// window, m included, have the same content.
func (t *repeatTracker) count(m *Message, ruleID string, window time.Duration, now time.Time) int {
	content := strings.ToLower(strings.TrimSpace(m.Content))
	key := repeatKey{m.GuildID, ruleID, m.AuthorID}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.entries) > maxRepeatKeys || now.Sub(t.swept) > maxRepeatWindow {
		t.sweep(now)
	}
	kept := t.entries[key][:0]
	n := 1
	for _, s := range t.entries[key] {
		if now.Sub(s.at) <= window {
			kept = append(kept, s)
			if s.content == content {
				n++
			}
		}
	}
	if len(kept) >= 20 {
		kept = kept[1:]
	}
	t.entries[key] = append(kept, repeatSeen{content, now})
	return n
}

func (t *repeatTracker) sweep(now time.Time) {
	for k, seen := range t.entries {
		if len(seen) == 0 || now.Sub(seen[len(seen)-1].at) > maxRepeatWindow {
			delete(t.entries, k)
		}
	}
	t.swept = now
}
