package modmail_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestChoosingServerDepartmentAndConfirming: a member of two guilds with
// modmail on is asked which server with a select menu in the DM; the
// chosen guild has two departments, so they choose one, then confirm with
// the button; the conversation opens in that guild, in the department's
// category, with the first message.
func TestChoosingServerDepartmentAndConfirming(t *testing.T) {
	w := startWorld(t, plugintest.WithSim(discordsim.WithGuilds(2)))
	g2 := w.Guild(t, 2)
	support := g2.Channel(t, "Support")
	w.configure(t, g2, func(c *modmail.Config) {
		c.Confirm = true
		c.Departments = []modmail.Department{{Name: "Appeals"}, {Name: "Partnerships", CategoryID: support.String()}}
	})
	dash := g2.Dashboard(t, owner)

	w.SendDM(t, alex, "about a partnership")
	menu := w.awaitDM(t, alex, "Which server")
	r := w.ChooseDM(t, alex, menu, "modmail:guild", g2.ID.String())
	if r.Type != 7 || !strings.Contains(r.Content, "Who at") {
		t.Fatalf("after choosing the server: %+v", r)
	}
	r = w.ChooseDM(t, alex, menu, "modmail:dept:"+g2.ID.String(), "Partnerships")
	if r.Type != 7 || !strings.Contains(r.Content, "Open a conversation") && !strings.Contains(r.Content, "Open a conversation with the staff") {
		t.Fatalf("after choosing the department: %+v", r)
	}
	r = w.ClickDM(t, alex, menu, "modmail:confirm:"+g2.ID.String()+":Partnerships")
	if !strings.Contains(r.Content, "will answer here soon") {
		t.Fatalf("after confirming: %+v", r)
	}
	conv := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationCreated))
	if conv.GuildID != g2.ID.String() || conv.Department != "Partnerships" {
		t.Fatalf("conversation: %+v", conv)
	}
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived)); m.Content != "about a partnership" {
		t.Fatalf("first message: %+v", m)
	}
	gs, _ := w.Sim.Guild(g2.ID)
	for _, c := range gs.Channels {
		if c.ID.String() == conv.ChannelID && (c.ParentID == nil || *c.ParentID != support) {
			t.Fatalf("the channel is not in the department's category")
		}
	}

	// Cancelling drops the message.
	w.SendDM(t, sam, "never mind")
	menu = w.awaitDM(t, sam, "Which server")
	w.ChooseDM(t, sam, menu, "modmail:guild", g2.ID.String())
	w.ChooseDM(t, sam, menu, "modmail:dept:"+g2.ID.String(), "Appeals")
	if r := w.ClickDM(t, sam, menu, "modmail:cancel"); !strings.Contains(r.Content, "Cancelled") {
		t.Fatalf("cancel: %+v", r)
	}
}

// TestBurstOfDMsAsksOnce: a member who sends several DMs before answering
// the confirmation is asked once, and the conversation opens with all of
// them.
func TestBurstOfDMsAsksOnce(t *testing.T) {
	w := startWorld(t)
	w.configure(t, w.g, func(c *modmail.Config) { c.Confirm = true })
	dash := w.g.Dashboard(t, owner)
	w.SendDM(t, alex, "first line")
	prompt := w.awaitDM(t, alex, "Open a conversation with the staff")
	w.SendDM(t, alex, "second line")
	w.SendDM(t, alex, "third line")
	r := w.ClickDM(t, alex, prompt, "modmail:confirm:"+w.g.ID.String()+":")
	if !strings.Contains(r.Content, "will answer here soon") {
		t.Fatalf("after confirming: %+v", r)
	}
	dash.Await(t, modmail.EventConversationCreated)
	m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived))
	if m.Content != "first line\nsecond line\nthird line" {
		t.Fatalf("the first message: %q", m.Content)
	}
	// The bot sent one message (the prompt, which the click turned into
	// the greeting).
	sent := 0
	for _, d := range w.Sim.DMs(alex) {
		if d.Author.ID == discordsim.ApplicationID {
			sent++
		}
	}
	if sent != 1 {
		t.Fatalf("the bot sent %d DMs, want the one prompt", sent)
	}
}

// TestConfirmTwiceOpensOnce: two confirmations of one prompt at once (a
// double click, or two instances handling them) open one conversation;
// the other is refused clearly.
func TestConfirmTwiceOpensOnce(t *testing.T) {
	w := startWorld(t)
	w.configure(t, w.g, func(c *modmail.Config) { c.Confirm = true })
	dash := w.g.Dashboard(t, owner)
	w.SendDM(t, alex, "please help")
	w.awaitDM(t, alex, "Open a conversation with the staff")
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.svc.Proceed(ctx, alex.String(), w.g.ID.String(), "", true)
		}()
	}
	wg.Wait()
	dash.Await(t, modmail.EventConversationCreated)
	refused := 0
	for _, err := range errs {
		if err != nil {
			// Under way (the first is opening), or the prompt is gone (the
			// first took it before this one looked): either is said clearly.
			if ue := core.AsUserError(err); ue.Code != core.CodeConflict && ue.Code != core.CodeNotFound {
				t.Fatalf("the second confirmation: %v", err)
			}
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d of two confirmations were refused, want 1: %v", refused, errs)
	}
	var page struct {
		Items []modmail.Conversation `json:"items"`
	}
	if st := w.api(t, owner, "GET", "/conversations?view=all", nil, &page); st != http.StatusOK || len(page.Items) != 1 {
		t.Fatalf("conversations: %d %d, want one", st, len(page.Items))
	}
}
