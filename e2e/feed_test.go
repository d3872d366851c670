package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/warden-bot/warden/internal/discordsim"
)

// TestLiveFeed: the overview's Live card says what happened in the
// sentence the event's plugin declared, with members by name and a link
// to what it is about; stats events update figures and stay out of it, as
// do quiet events.
func TestLiveFeed(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)

	a.signIn(r.url)
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", r.url, r.guild)))
	a.waitText(`[data-testid="live-feed"]`, "appears here as it happens")
	a.waitEval(`document.querySelector('.conn[data-state="live"]')`)
	// Note the room's stats events as the page's own client receives them,
	// to show they arrived and still made no line.
	// Quiet events (one message of a ticket) reach the page's views too
	// and make no line either.
	eval[bool](a, `import("/js/session.js").then((m) => { m.realtime.on(`+jsString(r.guild)+`, "moderation:stats_updated", () => { window.wardenStatsSeen = true; }); m.realtime.on(`+jsString(r.guild)+`, "tickets:message_logged", () => { window.wardenQuietSeen = true; }); window.wardenHooked = true; }), true`)
	a.waitEval(`window.wardenHooked === true`)
	quiet := map[string]any{"ticketNumber": 1, "authorId": discordsim.UserID(5).String(), "content": "hello"}
	if err := r.app.Core.Broadcast(r.guild, "tickets:message_logged", quiet); err != nil {
		t.Fatalf("broadcast a quiet event: %v", err)
	}
	a.waitEval(`window.wardenQuietSeen === true`)

	var inf struct {
		Number int64 `json:"number"`
	}
	body := map[string]any{"type": "warn", "userId": discordsim.UserID(5).String(), "reason": "feed test"}
	if code := r.call("POST", r.guildPath("moderation/infractions"), body, &inf); code != 201 && code != 200 {
		t.Fatalf("open a case: status %d", code)
	}
	line := `[data-testid="live-feed"] li[data-event="moderation:infraction_created"]`
	a.waitSentence(line, fmt.Sprintf("Case #%d: warn for jordan by demo-admin", inf.Number))
	a.waitEval(`window.wardenStatsSeen === true`)
	if n := eval[int](a, `document.querySelectorAll('[data-testid="live-feed"] li[data-event$=":stats_updated"]').length`); n != 0 {
		t.Errorf("%d stats events are lines in the feed", n)
	}
	if n := eval[int](a, `document.querySelectorAll('[data-testid="live-feed"] li[data-event="tickets:message_logged"]').length`); n != 0 {
		t.Errorf("a quiet event made %d lines in the feed", n)
	}
	if eval[bool](a, `document.querySelector('[data-testid="live-feed"]').textContent.includes("moderation:")`) {
		t.Error("the feed shows a raw event name")
	}

	a.run(chromedp.Click(chromedp.CSS(line + ` a.feed-link`)))
	a.waitEval(fmt.Sprintf(`location.hash.endsWith("/p/moderation?case=%d")`, inf.Number))
	a.waitEval(fmt.Sprintf(`document.querySelector('[data-testid="infractions"] tr.focus[data-case="%d"]')`, inf.Number))
	a.checkA11y("moderation, a case in focus")

	// A setting saved elsewhere reads as who did what, linking to it.
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", r.url, r.guild)))
	a.waitEval(`document.querySelector('.conn[data-state="live"]')`)
	a.waitText(`[data-testid="live-feed"]`, "appears here as it happens")
	var cfg map[string]any
	r.call("GET", r.guildPath("dashboard/settings"), nil, &cfg)
	cfg["timezone"] = "Europe/Berlin"
	if code := r.call("PUT", r.guildPath("dashboard/settings"), cfg, nil); code != 200 {
		t.Fatalf("save settings: status %d", code)
	}
	a.waitSentence(`[data-testid="live-feed"] li[data-event="dashboard:settings_updated"]`, "demo-admin set the dashboard to Europe/Berlin time and en-US")
	a.checkA11y("overview with a live feed")
}

// waitSentence waits until the feed line's sentence reads want, avatars
// (a member's initials) left out and spaces collapsed.
func (tb *tab) waitSentence(line, want string) {
	tb.t.Helper()
	tb.waitEval(`(() => { const el = document.querySelector(` + jsString(line+" .sentence") + `); if (!el) return false;
		const c = el.cloneNode(true); c.querySelectorAll(".avatar").forEach((x) => x.remove());
		return c.textContent.replace(/\s+/g, " ").trim() === ` + jsString(want) + `; })()`)
}
