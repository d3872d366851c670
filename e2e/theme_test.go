package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The body's background in each theme (app.css's --bg).
const (
	darkBackground  = "rgb(30, 31, 34)"
	lightBackground = "rgb(242, 243, 245)"
)

// TestTheme is the header's theme toggle: reached with the keyboard, it
// switches between the dark and the light theme whatever the system
// prefers, the choice survives a reload, and both pass the accessibility
// check.
func TestTheme(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)
	overview := r.url + "/#/g/" + r.guild
	ready := `document.querySelector('[data-testid="recent-events"]') && document.querySelector('[data-testid="theme-toggle"]')`

	a.signIn(r.url)

	background := func() string {
		return eval[string](a, `getComputedStyle(document.body).backgroundColor`)
	}
	theme := func() string {
		return eval[string](a, `document.documentElement.dataset.theme || ""`)
	}

	t.Run("the logo is an image that loads", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(overview))
		a.waitEval(ready)
		a.waitEval(`document.querySelector('.brand img.logo').complete && document.querySelector('.brand img.logo').naturalWidth > 0`)
	})

	t.Run("with no choice the page follows the system", func(t *testing.T) {
		a.t = t
		a.emulateScheme("light")
		a.run(chromedp.Reload())
		a.waitEval(ready)
		if got := background(); got != lightBackground || theme() != "" {
			t.Fatalf("on a light system with no choice: background %s, data-theme %q; want %s and none", got, theme(), lightBackground)
		}
		if p := eval[string](a, `document.querySelector('[data-testid="theme-toggle"]').getAttribute('aria-pressed')`); p != "false" {
			t.Errorf("the Dark theme toggle is aria-pressed=%q on a light page", p)
		}
	})

	t.Run("the toggle is reached with Tab and switches to dark, kept across a reload", func(t *testing.T) {
		a.t = t
		eval[bool](a, `(document.querySelector('.brand').focus(), true)`)
		reached := false
		for i := 0; i < 12 && !reached; i++ {
			a.run(chromedp.KeyEvent(kb.Tab))
			reached = eval[bool](a, `document.activeElement && document.activeElement.dataset.testid === "theme-toggle"`)
		}
		if !reached {
			t.Fatal("Tab from the logo never reached the theme toggle")
		}
		if name := eval[string](a, `document.activeElement.innerText.trim() || document.activeElement.getAttribute('aria-label') || ""`); name != "Dark theme" {
			t.Errorf("the toggle's label is %q, want \"Dark theme\"", name)
		}
		a.run(chromedp.KeyEvent(kb.Enter))
		a.waitEval(`document.documentElement.dataset.theme === "dark" && document.querySelector('[data-testid="theme-toggle"]').getAttribute('aria-pressed') === "true"`)
		if got := background(); got != darkBackground {
			t.Errorf("after choosing dark on a light system the background is %s, want %s", got, darkBackground)
		}
		a.checkA11y("overview (dark chosen on a light system)")

		a.run(chromedp.Reload())
		a.waitEval(ready)
		if got := background(); got != darkBackground || theme() != "dark" {
			t.Errorf("after reload: background %s, data-theme %q; want %s and dark", got, theme(), darkBackground)
		}
		if kept := eval[string](a, `localStorage.getItem("warden-theme") || ""`); kept != "dark" {
			t.Errorf("localStorage keeps %q, want dark", kept)
		}
	})

	t.Run("light chosen on a dark system is kept and passes the accessibility check", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Click(chromedp.CSS(`[data-testid="theme-toggle"]`)))
		a.waitEval(`document.documentElement.dataset.theme === "light"`)
		a.emulateScheme("dark")
		a.run(chromedp.Reload())
		a.waitEval(ready)
		if got := background(); got != lightBackground || theme() != "light" {
			t.Errorf("light chosen, dark system, after reload: background %s, data-theme %q; want %s and light", got, theme(), lightBackground)
		}
		a.checkA11y("overview (light chosen on a dark system)")
		a.run(chromedp.Navigate(r.url + "/#/g/" + r.guild + "/p/moderation"))
		a.waitEval(`document.querySelector('#mod-moderatorRoles') && document.querySelector('[data-testid="infractions"] table')`)
		a.checkA11y("moderation (light chosen on a dark system)")
	})
}

// emulateScheme makes the page's system prefer the light or dark scheme.
func (tb *tab) emulateScheme(scheme string) {
	tb.t.Helper()
	tb.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
}
