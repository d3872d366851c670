package tickets_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/tickets"
)

// TestDemoSeedAndHistory: the demo's week of tickets is written once, and
// the demo panel is posted once, whatever the number of starts.
func TestDemoSeedAndHistory(t *testing.T) {
	w := startWorld(t)
	p := plugintest.Plugin[*tickets.Plugin](t, w.Warden, tickets.ID)
	g, _ := w.Sim.Guild(w.g.ID)
	world := core.DemoWorld{AdminID: owner.String(), ModeratorID: mod.String(), Channels: map[string]string{}, Roles: map[string]string{},
		Members: []string{alex.String(), sam.String()}}
	for _, c := range g.Channels {
		world.Channels[c.Name] = c.ID.String()
	}
	for _, r := range g.Roles {
		world.Roles[r.Name] = r.ID.String()
	}
	ctx := context.Background()
	for range 2 {
		if err := p.BackfillDemo(ctx, w.g.ID.String(), world, time.Now().Add(-7*24*time.Hour), time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := p.SeedDemo(ctx, w.g.ID.String(), world); err != nil {
			t.Fatal(err)
		}
	}
	var list tickets.TicketPage
	if w.api(t, owner, http.MethodGet, "/tickets?limit=100", nil, &list); len(list.Items) != 12 {
		t.Fatalf("demo tickets: %d", len(list.Items))
	}
	var panels []tickets.Panel
	if w.api(t, owner, http.MethodGet, "/panels", nil, &panels); len(panels) != 1 || panels[0].MessageID == "" {
		t.Fatalf("demo panels: %+v", panels)
	}
	var st tickets.Stats
	if w.api(t, owner, http.MethodGet, "/stats", nil, &st); len(st.ByCategory) != 2 || st.MedianCloseSeconds == 0 || len(st.ByStaff) == 0 {
		t.Fatalf("demo stats: %+v", st)
	}
	if r := w.g.CommandIn(t, w.tickets, alex, "ticket open", map[string]any{"subject": "help me"}); r.Content == "" || !strings.Contains(r.Content, "is open") {
		t.Fatalf("/ticket open in the demo panel: %+v", r)
	}
}
