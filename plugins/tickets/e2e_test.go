package tickets_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/tickets"
)

// TestTicketEndToEnd follows a ticket through its life: a panel posted
// from the dashboard, opened by its button and modal, shown live on the
// dashboard, claimed there, talked in, closed from Discord with the
// confirmation button, and its transcript downloaded as HTML and text.
func TestTicketEndToEnd(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	transcripts := w.g.Channel(t, "mod-log")
	var cfg tickets.Config
	w.api(t, owner, http.MethodGet, "/config", nil, &cfg)
	cfg.TranscriptChannelID = transcripts.String()
	if st := w.api(t, owner, http.MethodPut, "/config", cfg, &cfg); st != http.StatusOK {
		t.Fatalf("PUT config: %d", st)
	}
	dash.Await(t, "tickets:config_updated")

	p := w.createPanel(t, w.billing())
	created := plugintest.Decode[tickets.Panel](t, dash.Await(t, "tickets:panel_created"))
	if created.ID != p.ID || p.MessageID == "" {
		t.Fatalf("panel_created %+v, saved %+v", created, p)
	}

	reply := w.open(t, alex, p, "billing", map[string]string{"q0": "A-1042", "q1": "I was <b>charged</b> twice & more"})
	if !reply.Ephemeral || !strings.Contains(reply.Content, "Your ticket #1 is open") {
		t.Fatalf("modal answer: %+v", reply)
	}
	tk := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_created"))
	if tk.Number != 1 || tk.Status != tickets.StatusOpen || tk.OpenerID != alex.String() || len(tk.Answers) != 2 || tk.Answers[0].Answer != "A-1042" {
		t.Fatalf("ticket_created: %+v", tk)
	}
	ch, ok := w.channel(t, tk.ChannelID)
	if !ok || ch.Name != "billing-0001" || ch.ParentID == nil || *ch.ParentID != w.support {
		t.Fatalf("ticket channel: %+v", ch)
	}
	if !hidden(ch, w.g.ID) || !allowed(ch, alex) || !allowed(ch, w.g.Role(t, "Moderator")) {
		t.Fatalf("ticket channel overwrites: %+v", ch.PermissionOverwrites)
	}

	// The member writes; the message is logged and pushed live.
	if _, err := w.Sim.SendMessage(discordsim.ParseID(tk.ChannelID), alex, `<script>alert("x")</script> my order`); err != nil {
		t.Fatal(err)
	}
	logged := dash.WaitCount(t, "tickets:message_logged", 2)
	found := false
	for _, f := range logged {
		if m := plugintest.Decode[tickets.LoggedMessage](t, f); strings.Contains(m.Content, "my order") && m.TicketID == tk.ID {
			found = true
		}
	}
	if !found {
		t.Fatalf("no message_logged for the member's message: %d frames", len(logged))
	}

	// Claimed from the dashboard.
	var claimed tickets.Ticket
	if st := w.api(t, mod, http.MethodPost, "/tickets/1/claim", nil, &claimed); st != http.StatusOK || claimed.ClaimedBy != mod.String() {
		t.Fatalf("claim: %d %+v", st, claimed)
	}
	if c := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_claimed")); c.ClaimedBy != mod.String() {
		t.Fatalf("ticket_claimed: %+v", c)
	}

	// Closed from Discord, with the confirmation button.
	ask := w.g.CommandIn(t, discordsim.ParseID(tk.ChannelID), mod, "ticket close", map[string]any{"reason": "refund <issued>"})
	if !strings.Contains(ask.Content, "Close ticket #1?") {
		t.Fatalf("/ticket close: %+v", ask)
	}
	if tk := w.ticket(t, 1); tk.Status != tickets.StatusOpen {
		t.Fatalf("closed before the confirmation: %+v", tk)
	}
	done := w.g.Click(t, mod, ask, "tickets:confirm:"+tk.ID)
	if !strings.Contains(done.Content, "Ticket #1 closed") {
		t.Fatalf("confirm: %+v", done)
	}
	closed := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_closed"))
	if closed.Status != tickets.StatusClosed || closed.CloseReason != "refund <issued>" || closed.ClosedBy != mod.String() {
		t.Fatalf("ticket_closed: %+v", closed)
	}
	plugintest.Eventually(t, "the transcript in the transcript channel", func() bool {
		for _, m := range w.Sim.Messages(transcripts) {
			if len(w.Sim.Attachments(m.ID)) == 1 && strings.Contains(string(w.Sim.Attachments(m.ID)[0].Data), "my order") {
				return true
			}
		}
		return false
	})
	if ch, _ := w.channel(t, tk.ChannelID); !denied(ch, alex) {
		t.Fatalf("the closed ticket still lets its member write: %+v", ch.PermissionOverwrites)
	}

	// The transcript, downloaded from the dashboard.
	c := w.g.As(t, owner)
	st, hdr, body, err := c.Raw("tickets/tickets/1/transcript?format=html")
	if err != nil || st != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("HTML transcript: %d %v %v", st, hdr, err)
	}
	page := string(body)
	for _, want := range []string{"my order", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "A-1042", "I was &lt;b&gt;charged&lt;/b&gt; twice &amp; more",
		"refund &lt;issued&gt;", "Ticket #1: Billing", "<style>"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML transcript lacks %q:\n%s", want, page)
		}
	}
	for _, never := range []string{"<script>", "<b>charged", "src=", "href=", "@import", "url("} {
		if strings.Contains(page, never) {
			t.Errorf("HTML transcript holds %q", never)
		}
	}
	st, _, body, err = c.Raw("tickets/tickets/1/transcript?format=text")
	if err != nil || st != http.StatusOK || !strings.Contains(string(body), `<script>alert("x")</script> my order`) || !strings.Contains(string(body), "Order number: A-1042") {
		t.Fatalf("text transcript: %d %v\n%s", st, err, body)
	}
	if st, _, _, _ := c.Raw("tickets/tickets/1/transcript?format=pdf"); st != http.StatusBadRequest {
		t.Fatalf("format=pdf: %d", st)
	}
	// The figures: pushed, and served.
	dash.WaitCount(t, "tickets:stats_updated", 1)
	var figs tickets.Stats
	w.api(t, owner, http.MethodGet, "/stats", nil, &figs)
	today := figs.PerDay[len(figs.PerDay)-1]
	if figs.Open != 0 || today.Opened != 1 || today.Closed != 1 || len(figs.ByStaff) != 1 || figs.ByStaff[0].Key != mod.String() ||
		figs.ByStaff[0].Closed != 1 || len(figs.ByCategory) != 1 || figs.ByCategory[0].Label != "Billing" {
		t.Fatalf("stats: %+v", figs)
	}
	if st := w.api(t, alex, http.MethodGet, "/tickets", nil, nil); st != http.StatusForbidden {
		t.Fatalf("a member without dashboard access lists tickets: %d", st)
	}
}

// channel returns a guild channel or thread of the simulator.
func (w *world) channel(t testing.TB, id string) (discordsim.Channel, bool) {
	t.Helper()
	g, _ := w.Sim.Guild(w.g.ID)
	for _, c := range append(g.Channels, g.Threads...) {
		if c.ID.String() == id {
			return *c, true
		}
	}
	return discordsim.Channel{}, false
}

func overwrite(ch discordsim.Channel, id discordsim.ID) (discordsim.Overwrite, bool) {
	for _, o := range ch.PermissionOverwrites {
		if o.ID == id {
			return o, true
		}
	}
	return discordsim.Overwrite{}, false
}

const viewChannel, sendMessages = 1 << 10, 1 << 11

func hidden(ch discordsim.Channel, everyone discordsim.ID) bool {
	o, ok := overwrite(ch, everyone)
	return ok && bits(o.Deny)&viewChannel != 0
}

func allowed(ch discordsim.Channel, user discordsim.ID) bool {
	o, ok := overwrite(ch, user)
	return ok && bits(o.Allow)&(viewChannel|sendMessages) == viewChannel|sendMessages
}

func denied(ch discordsim.Channel, user discordsim.ID) bool {
	o, ok := overwrite(ch, user)
	return ok && bits(o.Deny)&sendMessages != 0
}
