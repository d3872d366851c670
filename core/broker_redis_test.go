package core_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// recorder collects the events a broker hands to its handler.
type recorder struct {
	mu  sync.Mutex
	evs []core.Event
}

func (r *recorder) handle(ev *core.Event) {
	r.mu.Lock()
	r.evs = append(r.evs, *ev)
	r.mu.Unlock()
}

func (r *recorder) waitFor(t *testing.T, n int) []core.Event {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		got := append([]core.Event(nil), r.evs...)
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	t.Fatalf("got %d events, want %d", len(r.evs), n)
	return nil
}

func newRedisBroker(t *testing.T, url string, prefix string) (*core.RedisBroker, *recorder) {
	t.Helper()
	b, err := core.NewRedisBroker(core.RedisBrokerOptions{
		URL: url, Prefix: prefix, Logger: testenv.Logger(t),
		History: core.HistoryConfig{Size: 8},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	rec := &recorder{}
	b.SetHandler(rec.handle)
	return b, rec
}

func TestRedisBrokerAcrossInstances(t *testing.T) {
	rd := testenv.StartRedis(t)
	ctx := context.Background()
	a, recA := newRedisBroker(t, rd.URL, "t1:")
	b, recB := newRedisBroker(t, rd.URL, "t1:")
	const room = "300000000000000001"
	for _, br := range []core.Broker{a, b} {
		if err := br.Subscribe(ctx, room); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			br := []core.Broker{a, b}[i%2]
			if _, err := br.Publish(ctx, core.Event{Room: room, Name: "test:x", Data: []byte(fmt.Sprintf(`{"i":%d}`, i)), Timestamp: time.Now().UnixMilli()}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ga, gb := recA.waitFor(t, 10), recB.waitFor(t, 10)
	for i := range 10 {
		if ga[i].Seq != uint64(i+1) || gb[i].Seq != uint64(i+1) || string(ga[i].Data) != string(gb[i].Data) {
			t.Fatalf("event %d: a=%d %s b=%d %s", i, ga[i].Seq, ga[i].Data, gb[i].Seq, gb[i].Data)
		}
	}

	tests := []struct {
		name    string
		since   uint64
		epoch   string
		want    int
		wantErr error
	}{
		{"within history", 5, ga[0].Epoch, 5, nil},
		{"at head", 10, ga[0].Epoch, 0, nil},
		{"past history", 1, ga[0].Epoch, 0, core.ErrHistoryGone},
		{"other epoch", 5, "nope", 0, core.ErrHistoryGone},
		{"ahead of head", 11, ga[0].Epoch, 0, core.ErrHistoryGone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, head, err := b.History(ctx, room, tc.since, tc.epoch)
			if !errors.Is(err, tc.wantErr) || len(evs) != tc.want || head.Seq != 10 {
				t.Fatalf("History = %d events, head %+v, err %v", len(evs), head, err)
			}
			for i, ev := range evs {
				if ev.Seq != tc.since+uint64(i)+1 {
					t.Fatalf("event %d has seq %d", i, ev.Seq)
				}
			}
		})
	}
}

func TestRedisBrokerOutage(t *testing.T) {
	rd := testenv.StartRedis(t)
	ctx := context.Background()
	a, rec := newRedisBroker(t, rd.URL, "t2:")
	const room = "300000000000000002"
	if err := a.Subscribe(ctx, room); err != nil {
		t.Fatal(err)
	}
	pub := func() core.Event {
		ev, err := a.Publish(ctx, core.Event{Room: room, Name: "test:x", Data: []byte(`{}`), Timestamp: time.Now().UnixMilli()})
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		return ev
	}
	first := pub()
	rec.waitFor(t, 1)

	rd.Stop()
	local := pub() // Redis is gone: local delivery goes on in a local epoch
	if local.Epoch == first.Epoch {
		t.Fatalf("local publish kept the Redis epoch %s", first.Epoch)
	}
	rec.waitFor(t, 2)
	if a.Ready(ctx) == nil {
		t.Fatal("Ready reports nil while Redis is down")
	}
	if _, _, err := a.History(ctx, room, first.Seq, first.Epoch); !errors.Is(err, core.ErrHistoryGone) {
		t.Fatalf("History across the outage: %v, want ErrHistoryGone", err)
	}

	rd.Start()
	deadline := time.Now().Add(15 * time.Second)
	for a.Ready(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatal("broker did not see Redis return")
		}
		time.Sleep(50 * time.Millisecond)
	}
	after := pub()
	if after.Epoch == first.Epoch || after.Epoch == local.Epoch {
		t.Fatalf("after the outage epoch %s, want a new one (was %s, local %s)", after.Epoch, first.Epoch, local.Epoch)
	}
	got := rec.waitFor(t, 3)
	if got[len(got)-1].Epoch != after.Epoch {
		t.Fatalf("last delivered %+v, want epoch %s", got[len(got)-1], after.Epoch)
	}
}
