package tickets_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	_ "github.com/warden-bot/warden/plugins/dashboard"
	"github.com/warden-bot/warden/plugins/tickets"
)

// The simulated users: owner owns the guild (and is a superuser), mod is a
// moderator (Manage Server: staff), alex and sam are plain members.
var (
	owner = plugintest.Owner
	mod   = plugintest.Moderator
	alex  = discordsim.UserID(3)
	sam   = discordsim.UserID(4)
)

// world is Warden run by the test kit, with the tickets service, the
// guild's #tickets channel and its Support category at hand.
type world struct {
	*plugintest.Warden
	g       *plugintest.Guild
	svc     *tickets.Service
	tickets discordsim.ID
	support discordsim.ID
}

func startWorld(t *testing.T, opts ...plugintest.Option) *world {
	t.Helper()
	w := plugintest.Start(t, opts...)
	g := w.Guild(t, 1)
	return &world{Warden: w, g: g, svc: plugintest.Plugin[*tickets.Plugin](t, w, tickets.ID).Service(),
		tickets: g.Channel(t, "tickets"), support: g.Channel(t, "Support")}
}

// api calls one of the plugin's routes (path below /tickets) as user.
func (w *world) api(t testing.TB, user discordsim.ID, method, path string, body, out any) int {
	t.Helper()
	return w.g.Call(t, user, method, tickets.ID+path, body, out)
}

// billing is a panel with one category asking two questions.
func (w *world) billing() tickets.PanelInput {
	return tickets.PanelInput{Name: "Support", ChannelID: w.tickets.String(), Title: "Need help?", Description: "Pick one.",
		Categories: []tickets.Category{{Key: "billing", Label: "Billing", ParentID: w.support.String(), StaffRoles: []string{discordsim.RoleID(1, discordsim.RoleModerator).String()},
			NameTemplate: "billing-{number}",
			Questions:    []tickets.Question{{Label: "Order number", Required: true, MaxLength: 40}, {Label: "What happened?", Paragraph: true}}}}}
}

// createPanel posts a panel from the dashboard as the owner.
func (w *world) createPanel(t testing.TB, in tickets.PanelInput) tickets.Panel {
	t.Helper()
	var p tickets.Panel
	if st := w.api(t, owner, http.MethodPost, "/panels", in, &p); st != http.StatusCreated {
		t.Fatalf("POST panels: %d %+v", st, p)
	}
	return p
}

// message returns a message the simulator holds.
func (w *world) message(t testing.TB, channel discordsim.ID, id string) discordsim.Message {
	t.Helper()
	for _, m := range w.Sim.Messages(channel) {
		if m.ID.String() == id {
			return m
		}
	}
	t.Fatalf("no message %s in channel %s", id, channel)
	return discordsim.Message{}
}

// open opens a ticket in the panel's category as user: the button, then
// the modal with answers. It returns the bot's answer to the modal.
func (w *world) open(t testing.TB, user discordsim.ID, p tickets.Panel, key string, answers map[string]string) plugintest.Reply {
	t.Helper()
	msg := w.message(t, discordsim.ParseID(p.ChannelID), p.MessageID)
	opened := w.g.ClickOn(t, user, msg, "tickets:open:"+p.ID+":"+key)
	if opened.Type != 9 {
		return opened
	}
	return w.g.Submit(t, opened, answers)
}

// ticket reads a ticket over the API.
func (w *world) ticket(t testing.TB, n int64) tickets.Ticket {
	t.Helper()
	var tk tickets.Ticket
	if st := w.api(t, owner, http.MethodGet, "/tickets/"+itoa(n), nil, &tk); st != http.StatusOK {
		t.Fatalf("GET ticket %d: %d", n, st)
	}
	return tk
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func bits(s string) uint64 {
	n, _ := strconv.ParseUint(s, 10, 64)
	return n
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
