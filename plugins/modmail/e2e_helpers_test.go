package modmail_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	_ "github.com/warden-bot/warden/plugins/dashboard"
	_ "github.com/warden-bot/warden/plugins/moderation"
	"github.com/warden-bot/warden/plugins/modmail"
)

// world is Warden run by the plugin test kit with modmail turned on in
// guild 1: conversations open in the Staff category, without the
// confirmation (tests that want it turn it on).
type world struct {
	*plugintest.Warden
	g     *plugintest.Guild
	svc   *modmail.Service
	staff discordsim.ID
}

// The simulated users: owner owns the guilds (and is a superuser), mod
// holds Manage Server (modmail staff), alex and sam are plain members.
var (
	owner = plugintest.Owner
	mod   = plugintest.Moderator
	alex  = discordsim.UserID(3)
	sam   = discordsim.UserID(4)
)

func startWorld(t *testing.T, opts ...plugintest.Option) *world {
	t.Helper()
	w := plugintest.Start(t, append([]plugintest.Option{plugintest.WithPluginConfig(modmail.ID, "sweepInterval: 50ms")}, opts...)...)
	g := w.Guild(t, 1)
	mw := &world{Warden: w, g: g, svc: plugintest.Plugin[*modmail.Plugin](t, w, modmail.ID).Service(), staff: g.Channel(t, "Staff")}
	mw.configure(t, g, func(c *modmail.Config) {})
	return mw
}

// configure turns modmail on in g (category Staff, no confirmation) and
// applies change.
func (w *world) configure(t *testing.T, g *plugintest.Guild, change func(c *modmail.Config)) *modmail.Config {
	t.Helper()
	cfg, err := w.svc.Config(context.Background(), g.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Enabled, cfg.CategoryID, cfg.Confirm = true, g.Channel(t, "Staff").String(), false
	change(cfg)
	saved, err := w.svc.SaveConfig(context.Background(), g.ID.String(), cfg, owner.String())
	if err != nil {
		t.Fatalf("save the modmail config: %v", err)
	}
	return saved
}

// api calls one of modmail's routes (path below /modmail) as user.
func (w *world) api(t testing.TB, user discordsim.ID, method, path string, body, out any) int {
	t.Helper()
	return w.g.Call(t, user, method, modmail.ID+path, body, out)
}

// lastDM waits for a DM to user containing want and returns it.
func (w *world) awaitDM(t testing.TB, user discordsim.ID, want string) discordsim.Message {
	t.Helper()
	var found discordsim.Message
	plugintest.Eventually(t, "a DM to "+user.String()+" saying "+want, func() bool {
		for _, m := range w.Sim.DMs(user) {
			if m.Author.ID == discordsim.ApplicationID && strings.Contains(m.Content, want) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// awaitPost waits for a message in channel containing want.
func (w *world) awaitPost(t testing.TB, channel discordsim.ID, want string) discordsim.Message {
	t.Helper()
	var found discordsim.Message
	plugintest.Eventually(t, "a post in "+channel.String()+" saying "+want, func() bool {
		for _, m := range w.Sim.Messages(channel) {
			if strings.Contains(m.Content, want) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// open sends a DM from user and waits for its conversation to open.
func (w *world) open(t *testing.T, dash *plugintest.Dashboard, user discordsim.ID, text string) modmail.Conversation {
	t.Helper()
	w.SendDM(t, user, text)
	conv := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationCreated))
	w.awaitRelayed(t, conv.Number) // announced before its first message is relayed
	return conv
}

// parentOf returns the category of a channel of guild 1 (0 when none or
// when the channel is gone).
func (w *world) parentOf(t testing.TB, ch discordsim.ID) discordsim.ID {
	t.Helper()
	g, _ := w.Sim.Guild(w.g.ID)
	for _, c := range g.Channels {
		if c.ID == ch && c.ParentID != nil {
			return *c.ParentID
		}
	}
	return 0
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// awaitRelayed waits until a conversation's first message has been
// relayed (it is announced before its first message is).
func (w *world) awaitRelayed(t *testing.T, number int64) {
	t.Helper()
	plugintest.Eventually(t, "the first message relayed", func() bool {
		var th modmail.Thread
		return w.api(t, owner, "GET", fmt.Sprintf("/conversations/%d", number), nil, &th) == http.StatusOK && th.Conversation.Messages >= 1
	})
}
