package tickets_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/tickets"
)

// TestThreadTicketCommands: a category of private threads, handled with
// /ticket in the thread: add and remove a member, rename, close with the
// confirmation (archived and locked), reopen, delete. Members who are not
// staff are refused clearly; the ticket's member may close it.
func TestThreadTicketCommands(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	// Guild-wide staff roles besides the category's: a private thread shows
	// only to whom it mentions, so its first message mentions both.
	guildStaff := discordsim.RoleID(1, discordsim.RoleAdmin).String()
	var cfg map[string]any
	w.g.Call(t, owner, "GET", "tickets/config", nil, &cfg)
	cfg["staffRoles"] = []string{guildStaff}
	if st := w.g.Call(t, owner, "PUT", "tickets/config", cfg, nil); st != 200 {
		t.Fatalf("PUT config: %d", st)
	}
	dash.Await(t, "tickets:config_updated")
	in := w.billing()
	in.Categories[0].Mode, in.Categories[0].Questions, in.Categories[0].ParentID = tickets.ModeThread, nil, ""
	p := w.createPanel(t, in)
	if r := w.open(t, alex, p, "billing", nil); !strings.Contains(r.Content, "Your ticket #1 is open") {
		t.Fatalf("open: %+v", r)
	}
	tk := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_created"))
	thread := discordsim.ParseID(tk.ChannelID)
	plugintest.Eventually(t, "the welcome mentioning every staff role", func() bool {
		for _, m := range w.Sim.Messages(thread) {
			if strings.Contains(m.Content, "<@&"+guildStaff+">") && strings.Contains(m.Content, "<@&"+in.Categories[0].StaffRoles[0]+">") {
				return true
			}
		}
		return false
	})
	th, ok := w.Sim.Thread(thread)
	if !ok || th.Type != 12 || th.ParentID == nil || *th.ParentID != w.tickets || !slices.Contains(w.Sim.ThreadMembers(thread), alex) {
		t.Fatalf("ticket thread: %+v, members %v", th, w.Sim.ThreadMembers(thread))
	}
	run := func(user discordsim.ID, cmd string, opts map[string]any) plugintest.Reply {
		t.Helper()
		return w.g.CommandIn(t, thread, user, "ticket "+cmd, opts)
	}
	if r := run(alex, "claim", nil); !strings.Contains(r.Content, "only staff can claim a ticket") {
		t.Fatalf("a member claiming: %+v", r)
	}
	if r := run(mod, "add", map[string]any{"user": sam}); !strings.Contains(r.Content, "add done") || !slices.Contains(w.Sim.ThreadMembers(thread), sam) {
		t.Fatalf("add: %+v, members %v", r, w.Sim.ThreadMembers(thread))
	}
	if r := run(mod, "add", map[string]any{"user": sam}); !strings.Contains(r.Content, "is already in ticket #1") {
		t.Fatalf("add twice: %+v", r)
	}
	if r := run(mod, "remove", map[string]any{"user": sam}); !strings.Contains(r.Content, "remove done") || slices.Contains(w.Sim.ThreadMembers(thread), sam) {
		t.Fatalf("remove: %+v, members %v", r, w.Sim.ThreadMembers(thread))
	}
	if r := run(mod, "rename", map[string]any{"name": "Refund Question"}); !strings.Contains(r.Content, "rename done") {
		t.Fatalf("rename: %+v", r)
	}
	if th, _ := w.Sim.Thread(thread); th.Name != "refund-question" {
		t.Fatalf("renamed thread: %q", th.Name)
	}
	dash.WaitCount(t, "tickets:ticket_updated", 3)

	// The member closes their own ticket, with the confirmation.
	ask := run(alex, "close", nil)
	if r := w.g.Click(t, alex, ask, "tickets:confirm:"+tk.ID); !strings.Contains(r.Content, "Ticket #1 closed") {
		t.Fatalf("confirm: %+v", r)
	}
	dash.Await(t, "tickets:ticket_closed")
	if th, _ := w.Sim.Thread(thread); th.ThreadMetadata == nil || !th.ThreadMetadata.Archived || !th.ThreadMetadata.Locked {
		t.Fatalf("closed thread: %+v", th.ThreadMetadata)
	}
	if r := run(mod, "reopen", nil); !strings.Contains(r.Content, "reopen done") {
		t.Fatalf("reopen: %+v", r)
	}
	if th, _ := w.Sim.Thread(thread); th.ThreadMetadata.Archived {
		t.Fatal("the reopened thread is still archived")
	}
	if r := run(mod, "delete", nil); !strings.Contains(r.Content, "Deleting ticket #1") {
		t.Fatalf("delete: %+v", r)
	}
	// Deleting the reopened ticket closes it first, posting its transcript.
	dash.Expect(t, "tickets:ticket_closed", "tickets:ticket_deleted")
	if _, ok := w.Sim.Thread(thread); ok {
		t.Fatal("the deleted ticket's thread is still there")
	}
	if got := w.ticket(t, 1); got.Status != tickets.StatusDeleted || got.Name != "refund-question" || got.ClosedBy != mod.String() {
		t.Fatalf("deleted ticket: %+v", got)
	}
	if r := w.g.Command(t, mod, "ticket claim", nil); !strings.Contains(r.Content, "this is not a ticket channel") {
		t.Fatalf("/ticket outside a ticket: %+v", r)
	}
}

// TestChannelAccessAndMessageLog: adding a member opens the channel to
// them; attachments' metadata, edits and deletions of messages are kept
// in the transcript (edits and deletions marked); a close with a reason
// from the modal.
func TestChannelAccessAndMessageLog(t *testing.T) {
	w := startWorld(t)
	in := w.billing()
	in.Categories[0].Questions = nil
	p := w.createPanel(t, in)
	w.open(t, alex, p, "billing", nil)
	tk := w.ticket(t, 1)
	channel := discordsim.ParseID(tk.ChannelID)

	// The buttons under the welcome message.
	var welcome discordsim.Message
	plugintest.Eventually(t, "the welcome message", func() bool {
		for _, m := range w.Sim.Messages(channel) {
			if len(m.Components) > 0 {
				welcome = m
				return true
			}
		}
		return false
	})
	if r := w.g.ClickOn(t, alex, welcome, "tickets:claim:"+tk.ID); !strings.Contains(r.Content, "only staff can do that") {
		t.Fatalf("a member's claim: %+v", r)
	}
	if r := w.g.ClickOn(t, mod, welcome, "tickets:claim:"+tk.ID); !strings.Contains(r.Content, "Ticket #1 claimed") {
		t.Fatalf("claim button: %+v", r)
	}
	if r := w.g.ClickOn(t, owner, welcome, "tickets:claim:"+tk.ID); !strings.Contains(r.Content, "already claimed by <@"+mod.String()+">") {
		t.Fatalf("a second claim: %+v", r)
	}
	var saved tickets.Ticket
	if st := w.api(t, mod, http.MethodPost, "/tickets/1/add", map[string]string{"userId": sam.String()}, &saved); st != http.StatusOK || !slices.Contains(saved.Members, sam.String()) {
		t.Fatalf("add: %d %+v", st, saved)
	}
	if ch, _ := w.channel(t, tk.ChannelID); !allowed(ch, sam) {
		t.Fatalf("the added member cannot write: %+v", ch.PermissionOverwrites)
	}
	m, err := w.Sim.SendMessage(channel, sam, "first words")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := w.Sim.SendMessage(channel, alex, "oops, wrong channel")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Sim.SendMessage(channel, alex, "here is the receipt", discordsim.File{Name: "receipt.png", ContentType: "image/png", Data: []byte("\x89PNG fake")}); err != nil {
		t.Fatal(err)
	}
	w.waitLogged(t, 1, 4)
	if _, err := w.Sim.EditMessage(channel, m.ID, "first words, edited"); err != nil {
		t.Fatal(err)
	}
	if err := w.Sim.DeleteMessage(channel, gone.ID); err != nil {
		t.Fatal(err)
	}
	plugintest.Eventually(t, "the edit and the deletion logged", func() bool {
		var msgs []tickets.LoggedMessage
		w.api(t, owner, http.MethodGet, "/tickets/1/messages", nil, &msgs)
		edited, deleted := false, false
		for _, l := range msgs {
			edited = edited || l.Content == "first words, edited" && l.EditedAt != nil
			deleted = deleted || l.Content == "oops, wrong channel" && l.Deleted
		}
		return edited && deleted
	})
	if st := w.api(t, mod, http.MethodPost, "/tickets/1/remove", map[string]string{"userId": alex.String()}, nil); st != http.StatusBadRequest {
		t.Fatalf("removing the opener: %d", st)
	}
	ask := w.g.ClickOn(t, alex, welcome, "tickets:close:"+tk.ID)
	if !ask.Ephemeral || !strings.Contains(ask.Content, "Close ticket #1?") {
		t.Fatalf("close button: %+v", ask)
	}
	ask = w.g.CommandIn(t, channel, mod, "ticket close", nil)
	form := w.g.Click(t, mod, ask, "tickets:reason:"+tk.ID)
	if r := w.g.Submit(t, form, map[string]string{"reason": "solved in DMs"}); !strings.Contains(r.Content, "closed") {
		t.Fatalf("close with a reason: %+v", r)
	}
	if got := w.ticket(t, 1); got.Status != tickets.StatusClosed || got.CloseReason != "solved in DMs" {
		t.Fatalf("closed ticket: %+v", got)
	}
	_, _, body, _ := w.g.As(t, owner).Raw("tickets/tickets/1/transcript?format=text")
	if !strings.Contains(string(body), "@mod-mia added @sam to the ticket") {
		t.Errorf("transcript mentions are not names:\n%s", body)
	}
	if !strings.Contains(string(body), "first words, edited") || !strings.Contains(string(body), "(deleted): oops") ||
		!strings.Contains(string(body), "[attachment] receipt.png (image/png, 9 bytes) http") {
		t.Fatalf("transcript:\n%s", body)
	}
}

// waitLogged waits until ticket n has at least count logged messages.
func (w *world) waitLogged(t *testing.T, n int64, count int) {
	t.Helper()
	plugintest.Eventually(t, "logged messages", func() bool {
		var msgs []tickets.LoggedMessage
		w.api(t, owner, http.MethodGet, "/tickets/"+itoa(n)+"/messages", nil, &msgs)
		return len(msgs) >= count
	})
}
