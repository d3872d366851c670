package dashboardapi

import (
	"strconv"
	"testing"
	"time"
)

// A full limiter forgets the client it saw longest ago; a client that is
// over its limit and still sending keeps its empty bucket (the limiter
// used to reset every client once it tracked too many).
func TestLimiterEvictsLeastRecentlySeen(t *testing.T) {
	at := time.Unix(1_700_000_000, 0)
	l := newLimiter(2, func() time.Time { return at })
	for i := range 2 {
		if ok, _ := l.allow("attacker"); !ok {
			t.Fatalf("request %d refused", i)
		}
	}
	if ok, _ := l.allow("attacker"); ok {
		t.Fatal("third request within the minute allowed")
	}
	for i := range maxLimiterClients - 1 {
		l.allow("client-" + strconv.Itoa(i))
	}
	if ok, _ := l.allow("attacker"); ok { // still limited, and now the most recent
		t.Fatal("the attacker's bucket was reset")
	}
	l.allow("one-more") // the limiter is full: client-0 goes
	if ok, _ := l.allow("attacker"); ok {
		t.Fatal("the attacker's bucket was reset when the limiter filled up")
	}
	l.mu.Lock()
	n, evicted := len(l.buckets), l.buckets["client-0"] == nil
	l.mu.Unlock()
	if n > maxLimiterClients || !evicted {
		t.Fatalf("%d clients tracked (max %d), client-0 evicted: %v", n, maxLimiterClients, evicted)
	}
}
