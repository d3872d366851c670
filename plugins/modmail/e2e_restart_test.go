package modmail_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/internal/testenv"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestScheduledCloseSurvivesRestartAndFiresOnce schedules a close, stops
// Warden, starts it again on the same data and moves its clock past the
// close: the close is carried out once, even with several sweeps racing
// for it, and a cancelled schedule is left alone.
func TestScheduledCloseSurvivesRestartAndFiresOnce(t *testing.T) {
	sim := testenv.StartSim(t, discordsim.WithGuilds(1), discordsim.WithHeartbeatInterval(5*time.Second))
	dir := t.TempDir()
	first := startWorld(t, plugintest.WithSimulator(sim), plugintest.WithDataDir(dir), plugintest.WithPluginConfig(modmail.ID, "sweepInterval: 1h"))
	dash := first.g.Dashboard(t, owner)
	conv := first.open(t, dash, alex, "please close this later")
	if st := first.api(t, mod, "POST", "/conversations/1/close", map[string]any{"reason": "resolved", "afterSeconds": 3600}, nil); st != http.StatusOK {
		t.Fatalf("schedule the close: %d", st)
	}
	var scheduled modmail.Thread
	if first.api(t, owner, "GET", "/conversations/1", nil, &scheduled); scheduled.Conversation.CloseAt == nil || scheduled.Conversation.Status != modmail.StatusOpen {
		t.Fatalf("scheduled: %+v", scheduled.Conversation)
	}
	second := first.open(t, dash, sam, "and this one is cancelled")
	if st := first.api(t, mod, "POST", fmt.Sprintf("/conversations/%d/close", second.Number), map[string]any{"afterSeconds": 3600}, nil); st != http.StatusOK {
		t.Fatalf("schedule the second close: %d", st)
	}
	if st := first.api(t, mod, "DELETE", fmt.Sprintf("/conversations/%d/close", second.Number), nil, nil); st != http.StatusOK {
		t.Fatalf("cancel the second close: %d", st)
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	w := startWorld(t, plugintest.WithSimulator(sim), plugintest.WithDataDir(dir), plugintest.WithPluginConfig(modmail.ID, "sweepInterval: 1h"))
	dash = w.g.Dashboard(t, owner)
	later := time.Now().Add(2 * time.Hour)
	w.svc.SetClock(func() time.Time { return later })
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); w.svc.Sweep(t.Context()) }()
	}
	wg.Wait()
	closed := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationClosed))
	if closed.ID != conv.ID || closed.CloseReason != "resolved" || closed.ClosedBy != mod.String() {
		t.Fatalf("closed: %+v", closed)
	}
	w.Sweep(t)
	closings := 0
	for _, m := range w.Sim.DMs(alex) {
		if strings.Contains(m.Content, "was closed") {
			closings++
		}
	}
	if closings != 1 {
		t.Fatalf("the member was told %d times", closings)
	}
	var th modmail.Thread
	if w.api(t, owner, "GET", fmt.Sprintf("/conversations/%d", second.Number), nil, &th); th.Conversation.Status != modmail.StatusOpen {
		t.Fatalf("the cancelled close fired: %+v", th.Conversation)
	}
	if w.parentOf(t, discordsim.ParseID(conv.ChannelID)) != 0 {
		t.Fatalf("the closed conversation's channel is still there")
	}
}

// Sweep runs one more sweep and lets the dashboard's end-of-test check
// catch a second close.
func (w *world) Sweep(t *testing.T) { w.svc.Sweep(t.Context()) }
