package tickets

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestSweepSettlesInterruptedOpenings: an opening left behind by a crash
// is removed with its slot (so its member may open another), or opened
// when its channel was recorded; a recent one is left to finish.
func TestSweepSettlesInterruptedOpenings(t *testing.T) {
	c := testenv.Core(t, testenv.Config(t), core.Options{})
	pl, _ := c.Plugin(ID)
	s := pl.(*Plugin).svc
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	s.SetClock(func() time.Time { return now })
	const guild = "300000000000000001"
	mk := func(user, channel string, age time.Duration) *Ticket {
		t.Helper()
		tk := &Ticket{GuildID: guild, PanelID: "p", Category: "help", OpenerID: user, Status: StatusOpening, ChannelID: channel,
			Members: []string{}, Answers: []Answer{}, CreatedAt: now.Add(-age), LastActivityAt: now.Add(-age)}
		tk.ID = store.NewID()
		if err := s.takeSlot(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.tickets.InsertNumbered(ctx, tk, "number"); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	lost := mk("200000000000000003", "", 3*time.Minute)
	made := mk("200000000000000004", "400000000000000077", 3*time.Minute)
	fresh := mk("200000000000000005", "", 10*time.Second)

	// The plugin's own scheduler may sweep at the same time and settle
	// the opening first, so its effects are awaited, not assumed.
	s.Sweep(ctx)
	testenv.Eventually(t, 10*time.Second, "the interrupted opening and its slot removed", func() bool {
		_, errT := s.st.tickets.Get(ctx, lost.ID)
		_, errS := s.st.slots.Get(ctx, slotID(guild, "p", "help", lost.OpenerID))
		return errors.Is(errT, store.ErrNotFound) && errors.Is(errS, store.ErrNotFound)
	})
	testenv.Eventually(t, 10*time.Second, "the opening with a channel opened", func() bool {
		got, err := s.st.tickets.Get(ctx, made.ID)
		return err == nil && got.Status == StatusOpen
	})
	if got, _ := s.st.tickets.Get(ctx, fresh.ID); got == nil || got.Status != StatusOpening {
		t.Fatalf("a recent opening was settled: %+v", got)
	}
}
