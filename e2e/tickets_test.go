package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestTicketsPageLive: the tickets page lists the demo's tickets by
// member name, a panel posted elsewhere and a ticket a member opens in
// Discord appear without a reload, and staff claim the ticket from its
// live view.
func TestTicketsPageLive(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)
	list := `[data-testid="ticket-list"]`

	a.signIn(r.url)
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/p/tickets", r.url, r.guild)))
	a.waitEval(`document.querySelector('.conn[data-state="live"]')`)
	a.waitEval(`document.querySelector('[data-testid="ticket-list"] tbody tr') !== null`)
	a.waitText(`[data-testid="panels"]`, "No panel yet")
	a.checkA11y("tickets")

	// A panel posted over the API shows up on the page.
	g, ok := r.sim.Guild(discordsim.GuildID(1))
	if !ok {
		t.Fatal("no demo guild")
	}
	ch, ok := g.ChannelByName("tickets")
	if !ok {
		t.Fatal("no #tickets")
	}
	panel := map[string]any{"name": "Support", "channelId": ch.ID.String(), "title": "Need help?", "categories": []map[string]any{
		{"key": "help", "label": "General help", "questions": []map[string]any{{"label": "What do you need?", "required": true}}}}}
	if code := r.call("POST", r.guildPath("tickets/panels"), panel, nil); code != 201 {
		t.Fatalf("POST panel: %d", code)
	}
	a.waitEval(`document.querySelector('[data-testid="panels"] [data-panel="Support"]') !== null`)

	// A member opens a ticket in Discord; it appears at the top of the list,
	// and a toast says so (recorded as it changes: it leaves after 8 s).
	eval[bool](a, `window.wardenToastText = ""; new MutationObserver(() => { const t = document.querySelector(".toasts"); if (t) window.wardenToastText += "|" + t.textContent; }).observe(document.body, { subtree: true, childList: true, characterData: true }), true`)
	member := discordsim.UserID(5)
	it, err := r.sim.InvokeSubcommand(g.ID, ch.ID, member, "ticket", "open", map[string]any{"subject": "the live list test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	if _, err := it.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	var page struct {
		Items []struct {
			Number   int64  `json:"number"`
			OpenerID string `json:"openerId"`
		} `json:"items"`
	}
	testenv.Eventually(t, 45*time.Second, "the member's ticket", func() bool {
		r.call("GET", r.guildPath("tickets/tickets?status=open&limit=1"), nil, &page)
		return len(page.Items) == 1 && page.Items[0].OpenerID == member.String()
	})
	row := fmt.Sprintf(`%s tr[data-ticket="%d"]`, list, page.Items[0].Number)
	a.waitText(row, "jordan")
	// The toast names the member too (after their avatar's initial).
	a.waitEval(`/by \S?jordan/.test(window.wardenToastText)`)
	if strings.Contains(eval[string](a, `document.querySelector(`+jsString(row)+`).textContent`), member.String()) {
		t.Error("the list shows the member's id instead of their name")
	}
	if first := eval[string](a, `document.querySelector('[data-testid="ticket-list"] tbody tr').dataset.ticket`); first != fmt.Sprint(page.Items[0].Number) {
		t.Errorf("the new ticket is not first: row %s", first)
	}

	// Its live view: claimed from the dashboard.
	a.run(chromedp.Click(chromedp.CSS(row + " a")))
	a.waitText(`[data-testid="ticket-view"]`, "the live list test")
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="claim"]`)))
	a.waitText(`[data-testid="ticket-view"] [data-testid="claimed-by"]`, "demo-admin")
	a.waitText(`[data-testid="ticket-messages"]`, "demo-admin claimed this ticket")
	a.checkA11y("a ticket's view")
	a.waitText(row, "demo-admin")
	a.screenshot(testenv.RepoRoot(t), "tickets")

	// The panel editor previews the message as it is typed.
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="new-panel"]`)))
	a.waitEval(`document.querySelector('[data-testid="panel-editor"] #tp-title') !== null`)
	a.typeInto(`#tp-title`, "Ask the staff")
	a.waitText(`[data-testid="panel-preview"]`, "Ask the staff")
	a.waitText(`[data-testid="panel-preview"]`, "Support")
	a.checkA11y("the panel editor")
	a.screenshot(testenv.RepoRoot(t), "ticket-panel-editor")
}
