package tickets_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/tickets"
)

// TestPanelPostedAndResynced: a panel posted from the dashboard is a
// Discord message with a button per category; editing the panel edits
// the message; a stale edit is a 409; moving it reposts it; deleting it
// deletes the message; a select panel opens tickets from its menu.
func TestPanelPostedAndResynced(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	in := w.billing()
	p := w.createPanel(t, in)
	dash.Await(t, "tickets:panel_created")
	msg := w.message(t, w.tickets, p.MessageID)
	if !strings.Contains(string(mustJSON(t, msg.Embeds)), "Need help?") || !strings.Contains(string(mustJSON(t, msg.Components)), "tickets:open:"+p.ID+":billing") {
		t.Fatalf("panel message: %+v %+v", msg.Embeds, msg.Components)
	}

	in.Title = "How can we help?"
	in.Categories = append(in.Categories, tickets.Category{Key: "bugs", Label: "Bug report", Emoji: "🐛"})
	var saved tickets.Panel
	if st := w.api(t, owner, http.MethodPut, "/panels/"+p.ID, withVersion(in, p.Version), &saved); st != http.StatusOK {
		t.Fatalf("PUT panel: %d", st)
	}
	if got := plugintest.Decode[tickets.Panel](t, dash.Await(t, "tickets:panel_updated")); got.Title != "How can we help?" {
		t.Fatalf("panel_updated: %+v", got)
	}
	msg = w.message(t, w.tickets, p.MessageID)
	if saved.MessageID != p.MessageID || !strings.Contains(string(mustJSON(t, msg.Embeds)), "How can we help?") ||
		!strings.Contains(string(mustJSON(t, msg.Components)), "tickets:open:"+p.ID+":bugs") {
		t.Fatalf("the message was not re-synced: %+v %+v", msg.Embeds, msg.Components)
	}
	if st := w.api(t, mod, http.MethodPut, "/panels/"+p.ID, withVersion(in, p.Version), nil); st != http.StatusConflict {
		t.Fatalf("stale PUT: %d", st)
	}

	// Moved to another channel as a select menu: reposted there.
	general := w.g.Channel(t, "general")
	in.ChannelID, in.Style = general.String(), tickets.StyleSelect
	if st := w.api(t, owner, http.MethodPut, "/panels/"+p.ID, withVersion(in, saved.Version), &saved); st != http.StatusOK {
		t.Fatalf("PUT panel: %d", st)
	}
	if got := plugintest.Decode[tickets.Panel](t, dash.Await(t, "tickets:panel_updated")); got.MessageID != saved.MessageID {
		t.Fatalf("panel_updated after the move: %+v", got)
	}
	if len(w.Sim.Messages(w.tickets)) != 0 || saved.MessageID == p.MessageID {
		t.Fatalf("the old message stayed: %d messages, id %s", len(w.Sim.Messages(w.tickets)), saved.MessageID)
	}
	r := w.g.ChooseOn(t, sam, w.message(t, general, saved.MessageID), "tickets:select:"+p.ID, "bugs")
	if !strings.Contains(r.Content, "Your ticket #1 is open") {
		t.Fatalf("ticket from the menu: %+v", r)
	}
	if st := w.api(t, owner, http.MethodDelete, "/panels/"+p.ID, nil, nil); st != http.StatusNoContent {
		t.Fatalf("DELETE panel: %d", st)
	}
	if len(w.Sim.Messages(general)) != 0 {
		t.Fatalf("the deleted panel's message stayed")
	}
}
