package core_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

func publishN(t *testing.T, b core.Broker, room string, n int) []core.Event {
	t.Helper()
	var out []core.Event
	for i := 0; i < n; i++ {
		ev, err := b.Publish(context.Background(), core.Event{Room: room, Name: "evt:thing_created",
			Data: []byte(fmt.Sprintf(`{"i":%d}`, i)), Timestamp: time.Now().UnixMilli()})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

func TestMemoryBrokerHistory(t *testing.T) {
	ctx := context.Background()
	b := core.NewMemoryBroker(core.HistoryConfig{Size: 5})
	defer b.Close()
	evs := publishN(t, b, guildA, 8)
	epoch := evs[0].Epoch
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) || ev.Epoch != epoch {
			t.Fatalf("event %d numbered %d/%s", i, ev.Seq, ev.Epoch)
		}
	}
	cases := []struct {
		name     string
		since    uint64
		epoch    string
		wantSeqs []uint64
		wantGone bool
	}{
		{"within history", 5, epoch, []uint64{6, 7, 8}, false},
		{"oldest held", 3, epoch, []uint64{4, 5, 6, 7, 8}, false},
		{"at head", 8, epoch, nil, false},
		{"past history", 2, epoch, nil, true},
		{"from zero after eviction", 0, epoch, nil, true},
		{"other epoch", 7, "feedbeef", nil, true},
		{"ahead of head", 9, epoch, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, head, err := b.History(ctx, guildA, tc.since, tc.epoch)
			if head.Seq != 8 || head.Epoch != epoch {
				t.Fatalf("head %+v", head)
			}
			if tc.wantGone {
				if !errors.Is(err, core.ErrHistoryGone) {
					t.Fatalf("want ErrHistoryGone, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var seqs []uint64
			for _, ev := range got {
				seqs = append(seqs, ev.Seq)
			}
			if fmt.Sprint(seqs) != fmt.Sprint(tc.wantSeqs) {
				t.Fatalf("seqs %v, want %v", seqs, tc.wantSeqs)
			}
		})
	}
}

func TestMemoryBrokerDeliversOnlySubscribedRoomsInOrder(t *testing.T) {
	ctx := context.Background()
	b := core.NewMemoryBroker(core.HistoryConfig{})
	defer b.Close()
	var got []string
	b.SetHandler(func(ev *core.Event) { got = append(got, fmt.Sprintf("%s#%d", ev.Room, ev.Seq)) })
	const guildB = "300000000000000002"
	if err := b.Subscribe(ctx, guildA); err != nil {
		t.Fatal(err)
	}
	publishN(t, b, guildA, 2)
	publishN(t, b, guildB, 2)
	if err := b.Unsubscribe(ctx, guildA); err != nil {
		t.Fatal(err)
	}
	publishN(t, b, guildA, 1)
	if fmt.Sprint(got) != fmt.Sprint([]string{guildA + "#1", guildA + "#2"}) {
		t.Fatalf("delivered %v", got)
	}
}
