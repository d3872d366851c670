package modmail_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestCardShowsModerationCases: a member warned by moderation opens a
// conversation; the card (on Discord and from the API) carries the
// account's age, the member's join date and the active case, contributed
// through core.MemberNoter.
func TestCardShowsModerationCases(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	if r := w.g.Command(t, mod, "warn", map[string]any{"user": alex, "reason": "spamming links"}); !r.Ephemeral {
		t.Fatalf("/warn: %+v", r)
	}
	conv := w.open(t, dash, alex, "why was I warned?")
	var th modmail.Thread
	if st := w.api(t, owner, "GET", "/conversations/1", nil, &th); st != http.StatusOK {
		t.Fatalf("GET conversation: %d", st)
	}
	if len(th.Card.Notes) != 1 || th.Card.Notes[0].Plugin != "moderation" || !strings.Contains(th.Card.Notes[0].Text, "spamming links") {
		t.Fatalf("card notes: %+v", th.Card.Notes)
	}
	m, found := w.Sim.Member(discordsim.GuildID(1), alex)
	if !found {
		t.Fatal("alex is not a member of the simulated guild")
	}
	if want := m.JoinedAt; th.Card.Joined == nil || !th.Card.Joined.Equal(want) {
		t.Fatalf("card joined %v, want %v (the member's join date)", th.Card.Joined, want)
	}
	if want := time.UnixMilli(int64(uint64(alex)>>22) + 1420070400000).UTC(); !th.Card.AccountCreated.Equal(want) {
		t.Fatalf("card account created %v, want %v", th.Card.AccountCreated, want)
	}
	plugintest.Eventually(t, "the card in the channel", func() bool {
		for _, m := range w.Sim.Messages(discordsim.ParseID(conv.ChannelID)) {
			if len(m.Embeds) > 0 && bytes.Contains(mustJSON(m.Embeds), []byte("spamming links")) {
				return true
			}
		}
		return false
	})
}

// TestAttachmentsRelayedWithinTheLimit: a DM's file under the limit is
// uploaded to the staff channel; one over it is not, and the member is
// told so.
func TestAttachmentsRelayedWithinTheLimit(t *testing.T) {
	w := startWorld(t)
	w.configure(t, w.g, func(c *modmail.Config) { c.MaxAttachmentMB = 1 })
	dash := w.g.Dashboard(t, owner)
	small := discordsim.File{Name: "proof.txt", Data: []byte("the screenshot, as text")}
	big := discordsim.File{Name: "huge.bin", Data: bytes.Repeat([]byte{7}, 3<<19)}
	if _, err := w.Sim.SendDM(alex, "two files", small, big); err != nil {
		t.Fatal(err)
	}
	conv := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationCreated))
	m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived))
	if len(m.Attachments) != 2 || m.Attachments[0].Skipped != "" || !strings.Contains(m.Attachments[1].Skipped, "above the 1.0 MB limit") {
		t.Fatalf("attachments: %+v", m.Attachments)
	}
	post := w.awaitPost(t, discordsim.ParseID(conv.ChannelID), "two files")
	files := w.Sim.Attachments(post.ID)
	if len(files) != 1 || string(files[0].Data) != "the screenshot, as text" {
		t.Fatalf("relayed files: %+v", files)
	}
	w.awaitDM(t, alex, "huge.bin was not passed on")
}

// TestAttachmentsLimitedTogether: the size limit bounds a message's files
// together, so three files each under it but over it together are not all
// downloaded and sent as one upload: the ones past the limit are named.
func TestAttachmentsLimitedTogether(t *testing.T) {
	w := startWorld(t)
	w.configure(t, w.g, func(c *modmail.Config) { c.MaxAttachmentMB = 1 })
	dash := w.g.Dashboard(t, owner)
	part := func(name string) discordsim.File {
		return discordsim.File{Name: name, Data: bytes.Repeat([]byte{1}, 400<<10)}
	}
	if _, err := w.Sim.SendDM(alex, "three parts", part("a.bin"), part("b.bin"), part("c.bin")); err != nil {
		t.Fatal(err)
	}
	conv := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationCreated))
	m := plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived))
	if len(m.Attachments) != 3 || m.Attachments[0].Skipped != "" || m.Attachments[1].Skipped != "" || !strings.Contains(m.Attachments[2].Skipped, "with the files before it") {
		t.Fatalf("attachments: %+v", m.Attachments)
	}
	post := w.awaitPost(t, discordsim.ParseID(conv.ChannelID), "three parts")
	if files := w.Sim.Attachments(post.ID); len(files) != 2 {
		t.Fatalf("relayed %d files, want the 2 within the limit together", len(files))
	}
	w.awaitDM(t, alex, "c.bin was not passed on")
}
