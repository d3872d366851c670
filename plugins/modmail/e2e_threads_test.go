package modmail_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestPrivateThreads: with private threads configured the conversation
// opens as a private thread of the chosen channel, and a close archives
// and locks it (the log stays readable on Discord).
func TestPrivateThreads(t *testing.T) {
	w := startWorld(t)
	modmailCh := w.g.Channel(t, "modmail")
	staffRole := w.g.Role(t, "Moderator")
	w.configure(t, w.g, func(c *modmail.Config) {
		c.UseThreads, c.ThreadChannelID = true, modmailCh.String()
		c.StaffRoles = []string{staffRole.String()}
	})
	dash := w.g.Dashboard(t, owner)
	conv := w.open(t, dash, alex, "in a thread please")
	if !conv.Thread {
		t.Fatalf("not a thread: %+v", conv)
	}
	thread := w.channel(t, discordsim.ParseID(conv.ChannelID))
	if thread.Type != discordsim.ChannelPrivateThread || thread.ParentID == nil || *thread.ParentID != modmailCh {
		t.Fatalf("thread: type %d parent %v", thread.Type, thread.ParentID)
	}
	w.awaitPost(t, thread.ID, "in a thread please")
	// A private thread shows only to whom it mentions: the card brings the
	// staff roles in.
	w.awaitPost(t, thread.ID, "<@&"+staffRole.String()+">")
	if st := w.api(t, mod, "POST", "/conversations/1/close", map[string]any{"reason": "done", "silent": true}, nil); st != http.StatusOK {
		t.Fatalf("close: %d", st)
	}
	dash.Await(t, modmail.EventConversationClosed)
	if th := w.channel(t, thread.ID); th.ThreadMetadata == nil || !th.ThreadMetadata.Archived || !th.ThreadMetadata.Locked {
		t.Fatalf("the thread was not archived and locked: %+v", th.ThreadMetadata)
	}
	for _, m := range w.Sim.DMs(alex) {
		if m.Author.ID == discordsim.ApplicationID && strings.Contains(m.Content, "was closed") {
			t.Fatalf("a silent close told the member: %q", m.Content)
		}
	}
}

// channel returns a channel or thread of guild 1.
func (w *world) channel(t testing.TB, id discordsim.ID) discordsim.Channel {
	t.Helper()
	g, _ := w.Sim.Guild(w.g.ID)
	for _, c := range g.Channels {
		if c.ID == id {
			return *c
		}
	}
	if th, ok := w.Sim.Thread(id); ok {
		return th
	}
	t.Fatalf("guild 1 has no channel %s", id)
	return discordsim.Channel{}
}

// TestDeletedChannelClosesItsConversation: staff deleting a conversation's
// channel on Discord closes it silently.
func TestDeletedChannelClosesItsConversation(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	conv := w.open(t, dash, alex, "hello")
	req, _ := http.NewRequest("DELETE", w.Sim.APIURL()+"/channels/"+conv.ChannelID, nil)
	req.Header.Set("Authorization", "Bot "+w.Sim.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	closed := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationClosed))
	if closed.ID != conv.ID || !closed.CloseSilent || closed.ClosedBy != modmail.SystemActor {
		t.Fatalf("closed: %+v", closed)
	}
}
