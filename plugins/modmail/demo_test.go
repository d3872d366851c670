package modmail_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestDemoSeedAndHistory seeds the first guild as the demo does, twice,
// and backfills its week twice: modmail is on, the past is written once.
func TestDemoSeedAndHistory(t *testing.T) {
	w := startWorld(t)
	p := w.Core
	plug, _ := p.Plugin(modmail.ID)
	mm := plug.(*modmail.Plugin)
	g := w.g.ID.String()
	// startWorld saved a config; seeding leaves a saved config alone.
	world := core.DemoWorld{AdminID: owner.String(), ModeratorID: mod.String(), Channels: map[string]string{"Staff": w.staff.String()},
		Members: []string{alex.String(), sam.String()}}
	ctx := context.Background()
	for range 2 {
		if err := mm.SeedDemo(ctx, g, world); err != nil {
			t.Fatal(err)
		}
		if err := mm.BackfillDemo(ctx, g, world, time.Now().Add(-7*24*time.Hour), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var page struct {
		Items []modmail.Conversation `json:"items"`
	}
	if st := w.api(t, owner, "GET", "/conversations?view=all&limit=100", nil, &page); st != http.StatusOK || len(page.Items) != 9 {
		t.Fatalf("backfilled conversations: %d, %d", st, len(page.Items))
	}
	var st modmail.Stats
	if w.api(t, owner, "GET", "/stats", nil, &st); st.Open != 0 || st.Sample != 9 || st.MedianFirstResponseSeconds == 0 {
		t.Fatalf("stats after the backfill: %+v", st)
	}
}
