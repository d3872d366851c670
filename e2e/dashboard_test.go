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
	"github.com/warden-bot/warden/wsgateway"
)

// TestDashboard runs the page against one quiet demo app and one browser;
// its steps share them (starting Chromium and the app once keeps the run
// short) and run in order, the disruptive gateway restart last.
func TestDashboard(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)
	root := testenv.RepoRoot(t)
	modPage := fmt.Sprintf("%s/#/g/%s/p/moderation", r.url, r.guild)

	t.Run("login through the simulated Discord's OAuth2", func(t *testing.T) {
		a.t = t
		// A sign-in cancelled on Discord's consent page comes back with
		// ?login_error=access_denied and says so.
		a.run(chromedp.Navigate(r.url + "/?login_error=access_denied"))
		a.waitText(`.login-card [role="alert"]`, "You cancelled the Discord sign-in")
		a.run(chromedp.Navigate(r.url + "/"))
		a.waitText(`[data-testid="login-demo"]`, "demo mode")
		a.screenshot(root, "login")
		a.run(chromedp.Click(chromedp.CSS(`[data-testid="login-discord"]`)))
		a.waitText(`[data-testid="guild-list"]`, "")
		a.waitEval(`document.querySelector('.conn').dataset.state === "live"`)
		a.screenshot(root, "guilds")
	})

	t.Run("pages render", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", r.url, r.guild)))
		a.waitText("#page-title", "Overview")
		a.waitEval(`document.querySelector('[data-testid="recent-events"]')`)
		a.screenshot(root, "overview")
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/settings", r.url, r.guild)))
		a.waitEval(`document.querySelector('[data-testid="audit"] table')`)
		a.screenshot(root, "settings")
		a.run(chromedp.Navigate(r.url + "/#/stats"))
		a.waitEval(`document.querySelector('[data-testid="stat-guilds"] .stat-value').innerText !== "—"`)
		a.screenshot(root, "bot-overview")
		a.run(chromedp.Navigate(modPage))
		a.waitEval(`document.querySelector('form.config [data-field="automodEnabled"]')`)
		a.screenshot(root, "moderation")
	})

	bt := b.newTab(t)
	t.Run("a config change in one tab appears in the other with no reload", func(t *testing.T) {
		a.t, bt.t = t, t
		bt.run(chromedp.Navigate(modPage))
		bt.waitEval(`document.querySelector('form.config [data-field="automodEnabled"]')`)
		bt.waitEval(`document.querySelector('.conn').dataset.state === "live"`)
		before := eval[bool](bt, `window.__loaded = true; document.querySelector('form.config [data-field="automodEnabled"]').checked`)
		a.run(chromedp.Click(chromedp.CSS(`form.config [data-field="automodEnabled"]`)),
			chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		took := bt.waitEval(fmt.Sprintf(`document.querySelector('form.config [data-field="automodEnabled"]').checked === %v`, !before))
		t.Logf("the other tab showed the change after %v", took)
		if !eval[bool](bt, `window.__loaded === true`) {
			t.Fatal("the other tab reloaded; it should have been patched in place")
		}
	})

	t.Run("a stale edit shows who changed it and their values", func(t *testing.T) {
		a.t, bt.t = t, t
		bt.run(chromedp.SetValue(chromedp.CSS(`form.config [data-field="warnPoints"]`), ""),
			chromedp.SendKeys(chromedp.CSS(`form.config [data-field="warnPoints"]`), "7"))
		a.run(chromedp.SetValue(chromedp.CSS(`form.config [data-field="warnPoints"]`), ""),
			chromedp.SendKeys(chromedp.CSS(`form.config [data-field="warnPoints"]`), "3"),
			chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		bt.waitText("form.config .notice", "Changed by")
		bt.run(chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		bt.waitText(`[data-testid="conflict"]`, "changed by you (in another tab or window)")
		bt.waitText(`[data-testid="conflict"]`, "Warn points: 3")
		bt.screenshot(root, "conflict")
	})

	t.Run("an automod hit appears in the infractions table and as a toast", func(t *testing.T) {
		a.t = t
		if r.sim == nil {
			t.Fatal("the demo app's Discord part does not expose its simulator (a Sim() *discordsim.Server method)")
		}
		rule := map[string]any{"name": "no-bananas", "enabled": true,
			"trigger":    map[string]any{"type": "words", "words": []string{"banana"}},
			"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}},
			"actions":    []map[string]any{{"type": "delete"}, {"type": "warn", "points": 1}}}
		if code := r.call("POST", r.guildPath("moderation/rules"), rule, nil); code != 201 && code != 200 {
			t.Fatalf("create rule: status %d", code)
		}
		a.waitText(`[data-testid="rules"]`, "no-bananas")
		g, ok := r.sim.Guild(discordsim.GuildID(1))
		if !ok {
			t.Fatal("the simulated Discord has no demo guild 1")
		}
		var channel discordsim.ID
		for _, c := range g.Channels {
			if c.Type == 0 {
				channel = c.ID
				break
			}
		}
		member := discordsim.UserID(5)
		if _, err := r.sim.SendMessage(channel, member, "I like banana bread"); err != nil {
			t.Fatalf("send message: %v", err)
		}
		a.waitText(`[data-testid="infractions"] tbody`, "automod: no-bananas")
		a.waitText(`.toasts`, "New case #")
		a.screenshot(root, "automod-toast")
	})

	t.Run("no REST request repeats while the page sits idle", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", r.url, r.guild)))
		a.waitText("#page-title", "Overview")
		a.waitEval(`document.querySelector('.conn').dataset.state === "live"`)
		// The page refetches once when its room is joined (a fetch made
		// before may have missed events); nothing marks that it has, so
		// this still waits a fixed time for it.
		time.Sleep(2 * time.Second)
		before := a.requests()
		// What is measured is idleness over a stretch of time, longer
		// than every timer the page sets (ROOM_WAIT_MS, the toasts).
		time.Sleep(6 * time.Second)
		after := a.requests()
		if len(after) != len(before) {
			t.Fatalf("the idle page made REST requests: %v", after[len(before):])
		}
	})

	t.Run("a gateway restart shows Reconnecting, then Live, with nothing lost", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(modPage))
		a.waitEval(`document.querySelector('.conn').dataset.state === "live"`)
		a.waitEval(`document.querySelector('[data-testid="rules"] li')`)
		eval[bool](a, `window.__loaded = true`)
		gw := r.part("gateway")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := gw.Stop(ctx); err != nil {
			t.Fatalf("stop gateway: %v", err)
		}
		a.waitText(".conn", "Reconnecting")
		a.screenshot(root, "reconnecting")
		rule := map[string]any{"name": "while-you-were-away", "enabled": false,
			"trigger":    map[string]any{"type": "words", "words": []string{"kumquat"}},
			"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}},
			"actions":    []map[string]any{{"type": "delete"}}}
		if code := r.call("POST", r.guildPath("moderation/rules"), rule, nil); code != 201 && code != 200 {
			t.Fatalf("create rule during the outage: status %d", code)
		}
		// A restarted gateway is a new one on the same port, as after a
		// process restart; the core's broker keeps the rooms' history.
		fresh := wsgateway.New(r.app.Core)
		if err := fresh.Start(ctx); err != nil {
			t.Fatalf("restart gateway: %v", err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = fresh.Stop(ctx)
		})
		a.waitEval(`document.querySelector('.conn').dataset.state === "live"`)
		a.waitText(`[data-testid="rules"]`, "while-you-were-away")
		if !eval[bool](a, `window.__loaded === true`) {
			t.Fatal("the page reloaded; the event should have arrived by resume")
		}
		if got := strings.Join(a.requests(), "\n"); strings.Count(got, "moderation/rules") > 2 {
			t.Errorf("rules were refetched (resync rather than resume):\n%s", got)
		}
	})
}
