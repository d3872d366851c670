package tickets_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/tickets"
)

// clock is a settable clock for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestAutoCloseAfterWarning: an inactive ticket is warned, a message
// calls the close off, and a ticket still silent after its warning is
// closed once, however many sweeps run at once.
func TestAutoCloseAfterWarning(t *testing.T) {
	w := startWorld(t, plugintest.WithPluginConfig(tickets.ID, "sweepInterval: 20ms"))
	clk := &clock{t: time.Now().UTC()}
	w.svc.SetClock(clk.now)
	dash := w.g.Dashboard(t, owner)
	var cfg tickets.Config
	w.api(t, owner, http.MethodGet, "/config", nil, &cfg)
	cfg.InactivitySeconds, cfg.WarningSeconds = 3600, 600
	if st := w.api(t, owner, http.MethodPut, "/config", cfg, nil); st != http.StatusOK {
		t.Fatalf("PUT config: %d", st)
	}
	in := w.billing()
	in.Categories[0].Questions = nil
	p := w.createPanel(t, in)
	w.open(t, alex, p, "billing", nil)
	tk := w.ticket(t, 1)
	if tk.DueAt == nil || tk.DuePhase != tickets.PhaseWarn || !tk.DueAt.Equal(tk.LastActivityAt.Add(3000*time.Second)) {
		t.Fatalf("first due time: %+v %s", tk.DueAt, tk.DuePhase)
	}
	channel := discordsim.ParseID(tk.ChannelID)

	clk.add(3001 * time.Second)
	warned := w.awaitPhase(t, 1, tickets.PhaseClose)
	plugintest.Eventually(t, "the warning posted", func() bool { return w.count(channel, "will be closed") == 1 })
	if _, err := w.Sim.SendMessage(channel, alex, "still here!"); err != nil {
		t.Fatal(err)
	}
	back := w.awaitPhase(t, 1, tickets.PhaseWarn)
	if !back.DueAt.After(*warned.DueAt) {
		t.Fatalf("a message did not move the due time: %v then %v", warned.DueAt, back.DueAt)
	}

	clk.add(3001 * time.Second)
	w.awaitPhase(t, 1, tickets.PhaseClose)
	clk.add(601 * time.Second)
	var wg sync.WaitGroup
	for range 3 { // other instances sweeping at the same moment
		wg.Add(1)
		go func() { defer wg.Done(); w.svc.Sweep(context.Background()) }()
	}
	wg.Wait()
	closed := plugintest.Decode[tickets.Ticket](t, dash.Await(t, "tickets:ticket_closed"))
	if closed.ClosedBy != tickets.SystemActor || closed.CloseReason != "no activity" || closed.DueAt != nil {
		t.Fatalf("auto-closed ticket: %+v", closed)
	}
	plugintest.Eventually(t, "the close notice", func() bool { return w.count(channel, "Ticket closed by auto-close") == 1 })
	plugintest.Eventually(t, "a second warning", func() bool { return w.count(channel, "will be closed") == 2 })
	// Settle: what the sweeps sent has arrived; nothing was sent twice.
	w.waitLogged(t, 1, w.count(channel, ""))
	if n, closes := w.count(channel, "will be closed"), w.count(channel, "Ticket closed by"); n != 2 || closes != 1 {
		t.Fatalf("warnings %d, close notices %d", n, closes)
	}
}

// awaitPhase waits until ticket n's auto-close phase is phase.
func (w *world) awaitPhase(t *testing.T, n int64, phase string) tickets.Ticket {
	t.Helper()
	var tk tickets.Ticket
	plugintest.Eventually(t, "ticket phase "+phase, func() bool {
		tk = w.ticket(t, n)
		return tk.DuePhase == phase
	})
	return tk
}

// count counts the channel's messages containing text.
func (w *world) count(channel discordsim.ID, text string) int {
	n := 0
	for _, m := range w.Sim.Messages(channel) {
		if strings.Contains(m.Content, text) {
			n++
		}
	}
	return n
}
