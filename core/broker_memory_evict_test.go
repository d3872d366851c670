package core

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"
)

// With many guilds, memory stays bounded: a room nobody subscribes to and
// nobody publishes to for IdleRoomTTL is dropped with its history.
func TestMemoryBrokerEvictsIdleRooms(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	b := NewMemoryBroker(HistoryConfig{Size: 4, IdleRoomTTL: 10 * time.Minute})
	defer b.Close()
	b.now = clock
	ctx := context.Background()
	for i := range 1000 {
		room := strconv.Itoa(300000000000000000 + i)
		for range 6 { // more than Size: the ring holds 4
			if _, err := b.Publish(ctx, Event{Room: room, Name: "evt:thing_created", Data: []byte(`{}`)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	const watched, busy = "300000000000000000", "300000000000000001"
	if err := b.Subscribe(ctx, watched); err != nil {
		t.Fatal(err)
	}
	if got := len(b.rooms[busy].ring); got != 4 {
		t.Fatalf("a room holds %d events, want its history size 4", got)
	}

	advance(9 * time.Minute)
	if _, err := b.Publish(ctx, Event{Room: busy, Name: "evt:thing_created"}); err != nil {
		t.Fatal(err)
	}
	b.evictIdle()
	if n := b.Rooms(); n != 1000 {
		t.Fatalf("%d rooms before the idle TTL, want 1000", n)
	}
	advance(2 * time.Minute)
	b.evictIdle()
	if n := b.Rooms(); n != 2 { // the subscribed room and the one published to
		t.Fatalf("%d rooms after the idle TTL, want 2 (subscribed and recently published)", n)
	}
	head, err := b.Head(ctx, busy)
	if err != nil || head.Seq != 7 {
		t.Fatalf("busy room's head %+v, %v: want seq 7 kept", head, err)
	}
}
