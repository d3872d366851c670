package modmail

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
)

// TestSweepSettlesInterruptedFlows: conversations a crash left half-way
// are settled by the sweep after the grace: an opening without its
// channel is removed, one with its channel is finished and announced, a
// closing is carried out; a recent opening is left to its flow.
func TestSweepSettlesInterruptedFlows(t *testing.T) {
	w := plugintest.Start(t, plugintest.WithPluginConfig(ID, "sweepInterval: 1h"))
	svc := plugintest.Plugin[*Plugin](t, w, ID).svc
	g := w.Guild(t, 1)
	guild := g.ID.String()
	dash := g.Dashboard(t, plugintest.Owner)
	ctx := context.Background()
	cfg, _ := svc.Config(ctx, guild)
	cfg.Enabled, cfg.CategoryID = true, g.Channel(t, "Staff").String()
	if _, err := svc.SaveConfig(ctx, guild, cfg, "1"); err != nil {
		t.Fatal(err)
	}
	old := svc.now().Add(-10 * time.Minute)
	insert := func(user string, st Status, channel string, at time.Time) *Conversation {
		c := &Conversation{GuildID: guild, UserID: user, UserName: "x", Status: st, Priority: "normal", ChannelID: channel,
			CreatedAt: at, UpdatedAt: at, LastMessageAt: at, Actions: []Action{}}
		if _, err := svc.st.convs.InsertNumbered(ctx, c, "number"); err != nil {
			t.Fatal(err)
		}
		return c
	}
	orphan := insert(discordsim.UserID(3).String(), StatusOpening, "", old)
	half := insert(discordsim.UserID(4).String(), StatusOpening, g.Channel(t, "modmail").String(), old)
	closing := insert(discordsim.UserID(5).String(), StatusClosing, "", old)
	fresh := insert(discordsim.UserID(6).String(), StatusOpening, "", svc.now())

	svc.Sweep(ctx)
	if _, err := svc.st.convs.Get(ctx, orphan.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an opening without its channel was kept: %v", err)
	}
	if c := plugintest.Decode[Conversation](t, dash.Await(t, EventConversationCreated)); c.ID != half.ID || c.Status != StatusOpen {
		t.Fatalf("the half-opened conversation: %+v", c)
	}
	if c := plugintest.Decode[Conversation](t, dash.Await(t, EventConversationClosed)); c.ID != closing.ID || c.ClosedAt == nil {
		t.Fatalf("the interrupted close: %+v", c)
	}
	if c, err := svc.st.convs.Get(ctx, fresh.ID); err != nil || c.Status != StatusOpening {
		t.Fatalf("a recent opening was touched: %+v %v", c, err)
	}
}
