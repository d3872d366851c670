package modmail_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestDMOpensAConversationSeenLiveOnTheDashboard: a member's DM opens a
// conversation whose channel sits in the category, headed by the card; an
// open dashboard sees it in the list and its message in the view; a reply
// from the dashboard reaches the member's DMs.
func TestDMOpensAConversationSeenLiveOnTheDashboard(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, mod)

	conv := w.open(t, dash, alex, "hello, I need help with my role")
	if conv.Status != modmail.StatusOpen || conv.UserID != alex.String() || conv.ChannelID == "" || conv.Number != 1 {
		t.Fatalf("conversation_created: %+v", conv)
	}
	got := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived))
	if got.Content != "hello, I need help with my role" || got.Kind != modmail.KindUser || got.ConversationID != conv.ID {
		t.Fatalf("message_received: %+v", got)
	}
	ch := discordsim.ParseID(conv.ChannelID)
	if parent := w.parentOf(t, ch); parent != w.staff {
		t.Fatalf("the channel %s is in %s, not the Staff category", ch, parent)
	}
	w.awaitPost(t, ch, "hello, I need help with my role")
	w.awaitDM(t, alex, "will answer here soon")

	var list struct {
		Items []modmail.Conversation `json:"items"`
	}
	if st := w.api(t, mod, "GET", "/conversations?view=waiting", nil, &list); st != http.StatusOK || len(list.Items) != 1 || list.Items[0].Number != 1 {
		t.Fatalf("GET conversations?view=waiting: %d %+v", st, list)
	}
	var thread modmail.Thread
	if st := w.api(t, mod, "GET", "/conversations/1", nil, &thread); st != http.StatusOK || len(thread.Messages) != 1 || thread.Card.UserID != alex.String() {
		t.Fatalf("GET conversations/1: %d %+v", st, thread)
	}

	// A second message arrives in the same conversation, live.
	w.SendDM(t, alex, "are you there?")
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived)); m.Content != "are you there?" || m.Seq != 2 {
		t.Fatalf("second message: %+v", m)
	}

	var sent modmail.Message
	if st := w.api(t, mod, "POST", "/conversations/1/reply", map[string]any{"content": "Hi alex, looking into it"}, &sent); st != http.StatusCreated {
		t.Fatalf("POST reply: %d", st)
	}
	if m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageSent)); m.ID != sent.ID || m.Kind != modmail.KindReply {
		t.Fatalf("message_sent: %+v", m)
	}
	dm := w.awaitDM(t, alex, "Hi alex, looking into it")
	if !strings.Contains(dm.Content, "mod-mia") {
		t.Fatalf("a named reply names its author: %q", dm.Content)
	}
	w.awaitPost(t, ch, "Hi alex, looking into it")
	var after modmail.Thread
	if w.api(t, mod, "GET", "/conversations/1", nil, &after); after.Conversation.Waiting || after.Conversation.FirstResponder != mod.String() {
		t.Fatalf("after the reply: %+v", after.Conversation)
	}
	if st := w.api(t, alex, "GET", "/conversations/1", nil, nil); st != http.StatusForbidden {
		t.Fatalf("a member without dashboard access read a conversation: %d", st)
	}
}

// TestStaffCommandsReplyAnonymouslyAndNote runs /reply, /areply and /note
// in the conversation's channel: the first two reach the member (the
// anonymous one without a name), the note never does.
func TestStaffCommandsReplyAnonymouslyAndNote(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	conv := w.open(t, dash, alex, "question about the rules")
	ch := discordsim.ParseID(conv.ChannelID)

	if r := w.g.CommandIn(t, ch, mod, "reply", map[string]any{"text": "named answer"}); !strings.Contains(r.Content, "Sent") {
		t.Fatalf("/reply: %+v", r)
	}
	if dm := w.awaitDM(t, alex, "named answer"); !strings.Contains(dm.Content, "mod-mia") {
		t.Fatalf("/reply DM: %q", dm.Content)
	}
	if r := w.g.CommandIn(t, ch, mod, "areply", map[string]any{"text": "anonymous answer"}); !strings.Contains(r.Content, "Sent") {
		t.Fatalf("/areply: %+v", r)
	}
	if dm := w.awaitDM(t, alex, "anonymous answer"); strings.Contains(dm.Content, "mod-mia") || !strings.Contains(dm.Content, "**Staff**") {
		t.Fatalf("/areply DM names its author: %q", dm.Content)
	}
	if r := w.g.CommandIn(t, ch, mod, "modmail note", map[string]any{"text": "secret staff note"}); !strings.Contains(r.Content, "Note added") {
		t.Fatalf("/modmail note: %+v", r)
	}
	w.awaitPost(t, ch, "secret staff note")
	kinds := []modmail.MessageKind{}
	for _, f := range dash.WaitCount(t, modmail.EventMessageSent, 3) {
		kinds = append(kinds, plugintest.Decode[modmail.Message](t, f).Kind)
	}
	if fmt.Sprint(kinds) != "[reply anonymous note]" {
		t.Fatalf("message_sent kinds: %v", kinds)
	}
	for _, m := range w.Sim.DMs(alex) {
		if strings.Contains(m.Content, "secret staff note") {
			t.Fatalf("the note reached the member: %q", m.Content)
		}
	}
	// A member without staff rights cannot answer.
	if r := w.g.CommandIn(t, ch, sam, "reply", map[string]any{"text": "hi"}); !r.Ephemeral || !strings.Contains(r.Content, "staff") {
		t.Fatalf("/reply by a member: %+v", r)
	}
}
