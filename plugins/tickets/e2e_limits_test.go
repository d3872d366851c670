package tickets_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/tickets"
)

// TestOneOpenTicketPerCategory: a member's second ticket of a category is
// refused before the modal, and again at submission (two modals opened at
// once), naming the open ticket; after a close they may open another.
func TestOneOpenTicketPerCategory(t *testing.T) {
	w := startWorld(t)
	p := w.createPanel(t, w.billing())
	msg := w.message(t, w.tickets, p.MessageID)
	first := w.g.ClickOn(t, alex, msg, "tickets:open:"+p.ID+":billing")
	second := w.g.ClickOn(t, alex, msg, "tickets:open:"+p.ID+":billing")
	if first.Type != 9 || second.Type != 9 {
		t.Fatalf("modals: %d %d", first.Type, second.Type)
	}
	if r := w.g.Submit(t, first, map[string]string{"q0": "1"}); !strings.Contains(r.Content, "Your ticket #1 is open") {
		t.Fatalf("first ticket: %+v", r)
	}
	tk := w.ticket(t, 1)
	r := w.g.Submit(t, second, map[string]string{"q0": "2"})
	if !r.Ephemeral || !strings.Contains(r.Content, "you already have an open Billing ticket: <#"+tk.ChannelID+">") {
		t.Fatalf("second ticket at submission: %+v", r)
	}
	if r := w.g.ClickOn(t, alex, msg, "tickets:open:"+p.ID+":billing"); r.Type == 9 || !strings.Contains(r.Content, "already have an open Billing ticket") {
		t.Fatalf("second ticket at the button: %+v", r)
	}
	var list tickets.TicketPage
	if w.api(t, owner, http.MethodGet, "/tickets", nil, &list); len(list.Items) != 1 {
		t.Fatalf("tickets after a refusal: %+v", list.Items)
	}
	if st := w.api(t, owner, http.MethodPost, "/tickets/1/close", map[string]string{"reason": "done"}, nil); st != http.StatusOK {
		t.Fatalf("close: %d", st)
	}
	if r := w.open(t, alex, p, "billing", map[string]string{"q0": "3"}); !strings.Contains(r.Content, "Your ticket #2 is open") {
		t.Fatalf("a ticket after the close: %+v", r)
	}
	if st := w.api(t, owner, http.MethodPost, "/tickets/1/reopen", nil, nil); st != http.StatusConflict {
		t.Fatalf("reopening while another is open: %d", st)
	}
}

// TestModalAnswerOverLimits: the panel's limits are checked when the
// answers arrive, so a modal opened before staff tightened a question is
// refused clearly, with nothing created; Discord's own limits are refused
// when the panel is saved.
func TestModalAnswerOverLimits(t *testing.T) {
	w := startWorld(t)
	in := w.billing()
	in.Categories[0].Questions[0].MaxLength = 0 // Discord's 4000
	p := w.createPanel(t, in)
	opened := w.g.ClickOn(t, alex, w.message(t, w.tickets, p.MessageID), "tickets:open:"+p.ID+":billing")
	in.Categories[0].Questions[0].MaxLength = 10
	var saved tickets.Panel
	if st := w.api(t, owner, http.MethodPut, "/panels/"+p.ID, withVersion(in, p.Version), &saved); st != http.StatusOK {
		t.Fatalf("PUT panel: %d", st)
	}
	r := w.g.Submit(t, opened, map[string]string{"q0": strings.Repeat("x", 50)})
	if !r.Ephemeral || !strings.Contains(r.Content, `your answer to "Order number" is 50 characters; at most 10 fit`) {
		t.Fatalf("over-long answer: %+v", r)
	}
	var list tickets.TicketPage
	if w.api(t, owner, http.MethodGet, "/tickets", nil, &list); len(list.Items) != 0 {
		t.Fatalf("a refused ticket was kept: %+v", list.Items)
	}
	in.Categories[0].Questions = in.Categories[0].Questions[:1]
	if st := w.api(t, owner, http.MethodPut, "/panels/"+p.ID, withVersion(in, saved.Version), &saved); st != http.StatusOK {
		t.Fatalf("PUT panel: %d", st)
	}
	if r := w.g.CommandIn(t, w.tickets, alex, "ticket open", map[string]any{"subject": strings.Repeat("y", 11)}); !strings.Contains(r.Content, "at most 10 fit") {
		t.Fatalf("/ticket open with an over-long subject: %+v", r)
	}
	for name, mutate := range map[string]func(*tickets.PanelInput){
		"label over 45":              func(in *tickets.PanelInput) { in.Categories[0].Questions[0].Label = strings.Repeat("l", 46) },
		"answer over 4000":           func(in *tickets.PanelInput) { in.Categories[0].Questions[0].MaxLength = 4001 },
		"six questions":              func(in *tickets.PanelInput) { in.Categories[0].Questions = make([]tickets.Question, 6) },
		"unknown placeholder":        func(in *tickets.PanelInput) { in.Categories[0].NameTemplate = "t-{id}" },
		"threads in a category":      func(in *tickets.PanelInput) { in.Categories[0].Mode = tickets.ModeThread },
		"channels in a text channel": func(in *tickets.PanelInput) { in.Categories[0].ParentID = w.tickets.String() },
	} {
		bad := w.billing()
		bad.Name = "other"
		mutate(&bad)
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		if st := w.api(t, owner, http.MethodPost, "/panels", bad, &e); st != http.StatusBadRequest || !strings.HasPrefix(e.Error.Message, "categories[0].") {
			t.Errorf("%s: %d %q", name, st, e.Error.Message)
		}
	}
}

func withVersion(in tickets.PanelInput, v int64) map[string]any {
	return map[string]any{"version": v, "name": in.Name, "channelId": in.ChannelID, "title": in.Title, "description": in.Description,
		"color": in.Color, "style": in.Style, "categories": in.Categories}
}

// TestFullCategoryOverflows: with 50 channels in the ticket category, a
// ticket goes to the overflow category; without one it is refused
// clearly and nothing is left behind.
func TestFullCategoryOverflows(t *testing.T) {
	w := startWorld(t)
	in := w.billing()
	in.Categories[0].Questions = nil
	full := w.g.Channel(t, "Support")
	w.fill(t, full)
	p := w.createPanel(t, in)
	r := w.open(t, alex, p, "billing", nil)
	if !strings.Contains(r.Content, "tickets are full right now") {
		t.Fatalf("full category, no overflow: %+v", r)
	}
	var list tickets.TicketPage
	if w.api(t, owner, http.MethodGet, "/tickets", nil, &list); len(list.Items) != 0 {
		t.Fatalf("a refused ticket was kept: %+v", list.Items)
	}
	in.Categories[0].OverflowParentID = w.g.Channel(t, "Staff").String()
	if st := w.api(t, owner, http.MethodPut, "/panels/"+p.ID, withVersion(in, p.Version), &p); st != http.StatusOK {
		t.Fatalf("PUT panel: %d", st)
	}
	if r := w.open(t, alex, p, "billing", nil); !strings.Contains(r.Content, "Your ticket #1 is open") {
		t.Fatalf("overflow: %+v", r)
	}
	ch, _ := w.channel(t, w.ticket(t, 1).ChannelID)
	if ch.ParentID == nil || ch.ParentID.String() != in.Categories[0].OverflowParentID {
		t.Fatalf("overflow ticket's category: %+v", ch.ParentID)
	}
}

// fill creates channels in a category up to Discord's 50.
func (w *world) fill(t *testing.T, category discordsim.ID) {
	t.Helper()
	g, _ := w.Sim.Guild(w.g.ID)
	n := 0
	for _, c := range g.Channels {
		if c.ParentID != nil && *c.ParentID == category {
			n++
		}
	}
	for ; n < 50; n++ {
		if _, err := w.Sim.CreateChannel(w.g.ID, category, "filler"); err != nil {
			t.Fatalf("filler channel: %v", err)
		}
	}
}

// TestMissingPermissionRefusedClearly: Discord refusing the channel (the
// bot lacks Manage Channels) is a clear message, and nothing is kept.
func TestMissingPermissionRefusedClearly(t *testing.T) {
	w := startWorld(t)
	in := w.billing()
	in.Categories[0].Questions = nil
	p := w.createPanel(t, in)
	w.Sim.FailNext("POST /guilds/{guild}/channels", 1, http.StatusForbidden, 50013, "Missing Permissions")
	if r := w.open(t, alex, p, "billing", nil); !strings.Contains(r.Content, "lacks the permission to create ticket channels") {
		t.Fatalf("missing permissions: %+v", r)
	}
	if r := w.open(t, alex, p, "billing", nil); !strings.Contains(r.Content, "Your ticket #1 is open") {
		t.Fatalf("after the refusal, the slot and number are free: %+v", r)
	}
}

// TestClosedCategoryRefused: a closed category refuses at the button.
func TestClosedCategoryRefused(t *testing.T) {
	w := startWorld(t)
	in := w.billing()
	in.Categories = append(in.Categories, tickets.Category{Key: "other", Label: "Other", Closed: true})
	p := w.createPanel(t, in)
	if _, err := w.Sim.ClickButton(w.tickets, discordsim.ParseID(p.MessageID), alex, "tickets:open:"+p.ID+":other"); err == nil {
		t.Fatal("a closed category's button is enabled")
	}
	if r := w.g.CommandIn(t, w.tickets, alex, "ticket open", map[string]any{"subject": "hi", "category": "other"}); !strings.Contains(r.Content, "Other tickets are closed") {
		t.Fatalf("/ticket open in a closed category: %+v", r)
	}
	// A category that does not exist is named, with the open ones, rather
	// than a ticket opened in another.
	if r := w.g.CommandIn(t, w.tickets, alex, "ticket open", map[string]any{"subject": "hi", "category": "biling"}); !strings.Contains(r.Content, `no open ticket category "biling"`) || !strings.Contains(r.Content, "billing") {
		t.Fatalf("/ticket open in an unknown category: %+v", r)
	}
	var page struct {
		Items []tickets.Ticket `json:"items"`
	}
	if st := w.g.Call(t, owner, "GET", "tickets/tickets", nil, &page); st != 200 || len(page.Items) != 0 {
		t.Fatalf("refused opens made tickets: %d %+v", st, page.Items)
	}
}

// TestConcurrentClaims: two staff claiming at once get one winner and one
// clear refusal naming the winner.
func TestConcurrentClaims(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	in := w.billing()
	in.Categories[0].Questions = nil
	p := w.createPanel(t, in)
	w.open(t, alex, p, "billing", nil)
	staff := []discordsim.ID{owner, mod}
	clients := []*plugintest.Client{w.g.As(t, owner), w.g.As(t, mod)}
	type result struct {
		st   int
		body map[string]any
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out map[string]any
			st, err := clients[i].Do(http.MethodPost, "tickets/tickets/1/claim", nil, &out)
			if err != nil {
				st = -1
			}
			results[i] = result{st, out}
		}()
	}
	wg.Wait()
	winner := -1
	for i, r := range results {
		switch r.st {
		case http.StatusOK:
			if winner >= 0 {
				t.Fatalf("two winners: %+v", results)
			}
			winner = i
		case http.StatusConflict:
		default:
			t.Fatalf("claim %d: %+v", i, r)
		}
	}
	if winner < 0 {
		t.Fatalf("no winner: %+v", results)
	}
	loser := results[1-winner].body["error"].(map[string]any)["message"].(string)
	if want := "ticket #1 is already claimed by <@" + staff[winner].String() + ">"; loser != want {
		t.Fatalf("refusal %q, want %q", loser, want)
	}
	if got := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_claimed")); got.ClaimedBy != staff[winner].String() {
		t.Fatalf("ticket_claimed: %+v", got)
	}
}

// TestListFiltersAndPages: the list's filters, its pages, and bad query
// parameters refused by name.
func TestListFiltersAndPages(t *testing.T) {
	w := startWorld(t)
	in := w.billing()
	in.Categories[0].Questions, in.Categories[0].AllowMultiple = nil, true
	in.Categories = append(in.Categories, tickets.Category{Key: "bugs", Label: "Bugs", AllowMultiple: true})
	p := w.createPanel(t, in)
	for range 3 {
		w.open(t, alex, p, "billing", nil)
	}
	w.open(t, sam, p, "bugs", nil)
	w.api(t, mod, http.MethodPost, "/tickets/2/claim", nil, nil)
	w.api(t, owner, http.MethodPost, "/tickets/3/close", map[string]string{}, nil)
	get := func(q string) []int64 {
		t.Helper()
		var page tickets.TicketPage
		if st := w.api(t, mod, http.MethodGet, "/tickets"+q, nil, &page); st != http.StatusOK {
			t.Fatalf("GET tickets%s: %d", q, st)
		}
		var out []int64
		for _, tk := range page.Items {
			out = append(out, tk.Number)
		}
		return out
	}
	for q, want := range map[string][]int64{
		"":                              {4, 3, 2, 1},
		"?status=open":                  {4, 2, 1},
		"?status=open&category=billing": {2, 1},
		"?claimedBy=me":                 {2},
		"?status=closed":                {3},
		"?category=bugs&status=open":    {4},
		"?limit=2":                      {4, 3},
	} {
		if got := get(q); !slices.Equal(got, want) {
			t.Errorf("tickets%s: %v, want %v", q, got, want)
		}
	}
	var page tickets.TicketPage
	w.api(t, mod, http.MethodGet, "/tickets?limit=2", nil, &page)
	if got := get("?limit=2&cursor=" + page.NextCursor); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("second page: %v", got)
	}
	for _, q := range []string{"?status=opening", "?limit=0", "?cursor=nope", "?sort=number"} {
		if st := w.api(t, mod, http.MethodGet, "/tickets"+q, nil, nil); st != http.StatusBadRequest {
			t.Errorf("tickets%s: %d", q, st)
		}
	}
}

// TestDeletedChannelSettlesItsTicket: staff deleting a ticket's channel on
// Discord closes and deletes the ticket (not left open for good), and the
// member may open another ticket of the category.
func TestDeletedChannelSettlesItsTicket(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	in := w.billing()
	in.Categories[0].Questions = nil
	p := w.createPanel(t, in)
	w.open(t, alex, p, "billing", nil)
	tk := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_created"))
	req, _ := http.NewRequest("DELETE", w.Sim.APIURL()+"/channels/"+tk.ChannelID, nil)
	req.Header.Set("Authorization", "Bot "+w.Sim.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	gone := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_deleted"))
	if gone.ID != tk.ID || gone.Status != tickets.StatusDeleted || gone.ClosedAt == nil || gone.ClosedBy != tickets.SystemActor {
		t.Fatalf("the ticket of a deleted channel: %+v", gone)
	}
	if r := w.open(t, alex, p, "billing", nil); !strings.Contains(r.Content, "Your ticket #2 is open") {
		t.Fatalf("after its channel was deleted, the member cannot open another: %+v", r)
	}
	dash.Await(t, "tickets:ticket_created")
}

// TestAddRacingACloseLeavesTheTicketClosed: a member added from a ticket
// read before another staff member closed it is refused, and the channel's
// access is the closed ticket's again (the add had reopened it on Discord
// before its write lost).
func TestAddRacingACloseLeavesTheTicketClosed(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	in := w.billing()
	in.Categories[0].Questions = nil
	p := w.createPanel(t, in)
	w.open(t, alex, p, "billing", nil)
	tk := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_created"))
	ctx := context.Background()
	stale, err := w.svc.Ticket(ctx, w.g.ID.String(), tk.Number)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Close(ctx, stale, "done", mod.String()); err != nil {
		t.Fatal(err)
	}
	dash.Await(t, "tickets:ticket_closed")
	if _, err := w.svc.AddMember(ctx, stale, sam.String(), mod.String()); core.AsUserError(err).Code != core.CodeConflict {
		t.Fatalf("an add to a ticket closed meanwhile: %v", err)
	}
	ch, _ := w.channel(t, tk.ChannelID)
	if !denied(ch, alex) || allowed(ch, sam) {
		t.Fatalf("after the lost add the channel is not the closed ticket's: %+v", ch.PermissionOverwrites)
	}
}
