package modmail_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestEditsAndDeletesSyncBothWays: the member edits and deletes their DM
// and the staff copy follows; staff edit and delete a reply from the
// dashboard and the member's DM follows; the log keeps every version.
func TestEditsAndDeletesSyncBothWays(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	dm := w.SendDM(t, alex, "my first version")
	conv := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationCreated))
	dash.Await(t, modmail.EventMessageReceived)
	ch := discordsim.ParseID(conv.ChannelID)

	if _, err := w.Sim.EditMessage(dm.ChannelID, dm.ID, "my second version"); err != nil {
		t.Fatal(err)
	}
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived)); m.Content != "my second version" || len(m.Edits) != 1 || m.Edits[0].Content != "my first version" {
		t.Fatalf("after the member's edit: %+v", m)
	}
	w.awaitPost(t, ch, "(edited): my second version")
	if err := w.Sim.DeleteMessage(dm.ChannelID, dm.ID); err != nil {
		t.Fatal(err)
	}
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived)); !m.Deleted {
		t.Fatalf("after the member's delete: %+v", m)
	}
	w.awaitPost(t, ch, "deleted this message")

	var reply modmail.Message
	if st := w.api(t, mod, "POST", "/conversations/1/reply", map[string]any{"content": "first answer"}, &reply); st != http.StatusCreated {
		t.Fatalf("reply: %d", st)
	}
	dash.Await(t, modmail.EventMessageSent)
	if st := w.api(t, mod, "PATCH", "/conversations/1/messages/"+reply.ID, map[string]any{"content": "corrected answer"}, nil); st != http.StatusOK {
		t.Fatalf("edit the reply: %d", st)
	}
	dash.Await(t, modmail.EventMessageSent)
	w.awaitDM(t, alex, "corrected answer")
	if st := w.api(t, mod, "DELETE", "/conversations/1/messages/"+reply.ID, nil, nil); st != http.StatusNoContent {
		t.Fatalf("delete the reply: %d", st)
	}
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageSent)); !m.Deleted || len(m.Edits) != 2 {
		t.Fatalf("after the delete: %+v", m)
	}
	plugintest.Eventually(t, "the reply gone from the member's DMs", func() bool {
		for _, m := range w.Sim.DMs(alex) {
			if strings.Contains(m.Content, "corrected answer") {
				return false
			}
		}
		return true
	})

	// Staff deleting a reply's copy in the channel deletes it from the DMs.
	var second modmail.Message
	if st := w.api(t, mod, "POST", "/conversations/1/reply", map[string]any{"content": "an answer sent by mistake"}, &second); st != http.StatusCreated {
		t.Fatalf("reply: %d", st)
	}
	dash.Await(t, modmail.EventMessageSent)
	w.awaitDM(t, alex, "sent by mistake")
	if err := w.Sim.DeleteMessage(ch, discordsim.ParseID(second.ChannelMessageID)); err != nil {
		t.Fatal(err)
	}
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageSent)); m.ID != second.ID || !m.Deleted {
		t.Fatalf("after deleting the staff copy: %+v", m)
	}
	plugintest.Eventually(t, "the mistaken reply gone from the member's DMs", func() bool {
		for _, m := range w.Sim.DMs(alex) {
			if strings.Contains(m.Content, "sent by mistake") {
				return false
			}
		}
		return true
	})
	var schema map[string]any
	if st := w.api(t, owner, "GET", "/config/schema", nil, &schema); st != http.StatusOK || schema["fields"] == nil {
		t.Fatalf("GET config/schema: %d %v", st, schema)
	}
}

// TestSnippetInactivityAndLeaving: a snippet's variables are filled; an
// idle conversation is warned, then closed; a member leaving closes theirs.
func TestSnippetInactivityAndLeaving(t *testing.T) {
	w := startWorld(t)
	w.configure(t, w.g, func(c *modmail.Config) {
		c.Snippets = []modmail.Snippet{{Name: "hello", Text: "Hi {user}, {staff} from {guild} here."}}
		c.AutoCloseSeconds, c.WarnBeforeSeconds = 3600, 600
	})
	dash := w.g.Dashboard(t, owner)
	conv := w.open(t, dash, alex, "hi")
	if r := w.g.CommandIn(t, discordsim.ParseID(conv.ChannelID), mod, "snippet", map[string]any{"name": "hello"}); !strings.Contains(r.Content, "sent") {
		t.Fatalf("/snippet: %+v", r)
	}
	w.awaitDM(t, alex, "Hi alex, mod-mia from")

	start := time.Now()
	w.svc.SetClock(func() time.Time { return start.Add(55 * time.Minute) })
	w.awaitDM(t, alex, "will close")
	w.svc.SetClock(func() time.Time { return start.Add(2 * time.Hour) })
	closed := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationClosed))
	if closed.ClosedBy != modmail.SystemActor {
		t.Fatalf("inactivity close: %+v", closed)
	}
	// The clock stays two hours ahead: setting it back while the scheduler
	// sweeps could let a sweep that read the later time drop the next
	// member's fresh draft as expired.

	other := w.open(t, dash, sam, "hello again")
	if err := w.Sim.LeaveGuild(w.g.ID, sam); err != nil {
		t.Fatal(err)
	}
	left := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationClosed))
	if left.ID != other.ID || !strings.Contains(left.CloseReason, "left") {
		t.Fatalf("close on leave: %+v", left)
	}
	var res modmail.SearchResult
	if st := w.api(t, owner, "GET", "/search?text=HELLO+again", nil, &res); st != http.StatusOK || len(res.Messages) != 1 {
		t.Fatalf("text search: %d %+v", st, res)
	}
	if st := w.api(t, owner, "GET", fmt.Sprintf("/search?user=%s", alex), nil, &res); st != http.StatusOK || len(res.Conversations) != 1 {
		t.Fatalf("user search: %d %+v", st, res)
	}
	if st := w.api(t, owner, "GET", fmt.Sprintf("/search?staff=%s", mod), nil, &res); st != http.StatusOK || len(res.Messages) != 1 {
		t.Fatalf("staff search: %d %+v", st, res)
	}
}

// TestInactivityAfterDowntimeWarnsFirst: when Warden comes back long after
// a conversation's idle deadline, the member is still warned first, with
// a close no sooner than the warning period, and only then closed.
func TestInactivityAfterDowntimeWarnsFirst(t *testing.T) {
	w := startWorld(t)
	w.configure(t, w.g, func(c *modmail.Config) { c.AutoCloseSeconds, c.WarnBeforeSeconds = 3600, 600 })
	dash := w.g.Dashboard(t, owner)
	w.open(t, dash, alex, "hi") // returns once the first message, which sets the idle deadline, is in

	back := time.Now().Add(3 * time.Hour) // both the warning and the close were due hours ago
	w.svc.SetClock(func() time.Time { return back })
	w.awaitDM(t, alex, "will close")
	var th modmail.Thread
	plugintest.Eventually(t, "the conversation marked warned", func() bool {
		return w.api(t, owner, "GET", "/conversations/1", nil, &th) == http.StatusOK && th.Conversation.Warned
	})
	warned := th.Conversation
	if warned.Status != modmail.StatusOpen || warned.IdleAt == nil || warned.IdleAt.Before(back.Add(600*time.Second)) {
		t.Fatalf("after downtime: status %s, close at %v; want open, closing no sooner than %v", warned.Status, warned.IdleAt, back.Add(600*time.Second))
	}
	w.svc.SetClock(func() time.Time { return back.Add(11 * time.Minute) })
	closed := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationClosed))
	if closed.ClosedBy != modmail.SystemActor {
		t.Fatalf("inactivity close: %+v", closed)
	}
}
