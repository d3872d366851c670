package modmail_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// conversations lists every conversation of guild 1.
func (w *world) conversations(t testing.TB) []modmail.Conversation {
	t.Helper()
	var page struct {
		Items []modmail.Conversation `json:"items"`
	}
	if st := w.api(t, owner, "GET", "/conversations?view=all", nil, &page); st != http.StatusOK {
		t.Fatalf("GET conversations: %d", st)
	}
	return page.Items
}

// TestRefusalsAreClearAndWriteNothing: a blocked member (with the reason
// and expiry), an account younger than the minimum, and a member inside
// the cooldown are each told why, and no conversation is recorded.
func TestRefusalsAreClearAndWriteNothing(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)

	var b modmail.Block
	if st := w.api(t, mod, "POST", "/blocks", map[string]any{"userId": sam.String(), "reason": "spamming staff", "expiresInSeconds": 86400}, &b); st != http.StatusCreated {
		t.Fatalf("POST blocks: %d", st)
	}
	w.SendDM(t, sam, "let me in")
	w.awaitDM(t, sam, "You cannot open conversations with this server's staff: spamming staff (until")
	if got := w.conversations(t); len(got) != 0 {
		t.Fatalf("a blocked member opened %+v", got)
	}
	if st := w.api(t, mod, "DELETE", "/blocks/"+sam.String(), nil, nil); st != http.StatusNoContent {
		t.Fatalf("DELETE block: %d", st)
	}

	w.configure(t, w.g, func(c *modmail.Config) { c.MinAccountAgeDays = 3650 })
	w.SendDM(t, alex, "hello")
	w.awaitDM(t, alex, "account is too new")
	if got := w.conversations(t); len(got) != 0 {
		t.Fatalf("a young account opened %+v", got)
	}

	w.configure(t, w.g, func(c *modmail.Config) { c.MinAccountAgeDays, c.CooldownSeconds = 0, 3600 })
	conv := w.open(t, dash, alex, "first")
	if st := w.api(t, mod, "POST", fmt.Sprintf("/conversations/%d/close", conv.Number), map[string]any{"reason": "done"}, nil); st != http.StatusOK {
		t.Fatalf("close: %d", st)
	}
	dash.Await(t, modmail.EventConversationClosed)
	w.SendDM(t, alex, "one more thing")
	w.awaitDM(t, alex, "you may open another")
	if got := w.conversations(t); len(got) != 1 {
		t.Fatalf("within the cooldown: %+v", got)
	}
}

// fillCategory creates channels in a category of guild 1 until it holds
// Discord's 50, through the simulator's REST API as the bot.
func (w *world) fillCategory(t *testing.T, category discordsim.ID) {
	t.Helper()
	g, _ := w.Sim.Guild(w.g.ID)
	n := 0
	for _, c := range g.Channels {
		if c.ParentID != nil && *c.ParentID == category {
			n++
		}
	}
	for i := n; i < 50; i++ {
		body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("filler-%d", i), "type": 0, "parent_id": category.String()})
		req, _ := http.NewRequest("POST", w.Sim.APIURL()+"/guilds/"+w.g.ID.String()+"/channels", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bot "+w.Sim.Token())
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
			t.Fatalf("create filler channel %d: %d", i, resp.StatusCode)
		}
	}
}

// TestFullCategoryRefusesOrOverflows: with the category at Discord's 50
// channels the member is told the inbox is full and nothing is recorded;
// with an overflow category set, the conversation opens there.
func TestFullCategoryRefusesOrOverflows(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	w.fillCategory(t, w.staff)

	w.SendDM(t, alex, "is anyone there?")
	w.awaitDM(t, alex, "inbox is full")
	if got := w.conversations(t); len(got) != 0 {
		t.Fatalf("a conversation without its channel: %+v", got)
	}

	support := w.g.Channel(t, "Support")
	w.configure(t, w.g, func(c *modmail.Config) { c.OverflowCategoryID = support.String() })
	conv := w.open(t, dash, alex, "trying again")
	if parent := w.parentOf(t, discordsim.ParseID(conv.ChannelID)); parent != support {
		t.Fatalf("overflow: the channel is in %s, want the Support category %s", parent, support)
	}
	if conv.Number != 1 {
		t.Fatalf("the refused attempt claimed a number: #%d", conv.Number)
	}
	plugintest.Decode[modmail.Message](t, dash.Await(t, modmail.EventMessageReceived))
}

// TestMissingPermissionWritesNothing: Discord refuses the channel (the
// bot lacks Manage Channels): the member is told, nothing is recorded,
// and the next DM, once Discord allows it, opens normally.
func TestMissingPermissionWritesNothing(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	w.Sim.FailNext("POST /guilds/{guild}/channels", 1, http.StatusForbidden, 50013, "Missing Permissions")
	w.SendDM(t, alex, "hello?")
	w.awaitDM(t, alex, "not given me the permission")
	if got := w.conversations(t); len(got) != 0 {
		t.Fatalf("a record without its channel: %+v", got)
	}
	conv := w.open(t, dash, alex, "hello again")
	if conv.Number != 1 || conv.ChannelID == "" {
		t.Fatalf("after the refusal: %+v", conv)
	}
	st := plugintest.Decode[modmail.Stats](t, dash.WaitCount(t, modmail.EventStatsUpdated, 1)[0])
	if st.Open != 1 || st.Waiting != 1 {
		t.Fatalf("stats_updated: %+v", st)
	}
}
