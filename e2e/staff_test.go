package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/warden-bot/warden/internal/discordsim"
)

// TestStaffPages is what guild staff see instead of ids: names in the
// tables, pickers in the forms, and forms drawn from the plugins'
// declarations with their errors beside the fields.
func TestStaffPages(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)
	modPage := fmt.Sprintf("%s/#/g/%s/p/moderation", r.url, r.guild)

	a.signIn(r.url)
	a.run(chromedp.Navigate(modPage))
	a.waitEval(`document.querySelector('#mod-moderatorRoles')`)

	// pick chooses the first option a picker offers for text.
	pick := func(inputSel, text, want string) {
		a.t.Helper()
		a.typeInto(inputSel, text)
		a.waitText(inputSel+"-list", want)
		a.typeInto(inputSel, kb.Enter)
	}

	t.Run("every page passes the accessibility check", func(t *testing.T) {
		a.t = t
		pages := []struct{ name, hash, ready string }{
			{"servers", "#/", `document.querySelector('[data-testid="guild-list"] a')`},
			{"overview", "#/g/" + r.guild, `document.querySelector('[data-testid="recent-events"]')`},
			{"moderation", "#/g/" + r.guild + "/p/moderation", `document.querySelector('#mod-moderatorRoles') && document.querySelector('[data-testid="infractions"] table')`},
			{"settings", "#/g/" + r.guild + "/settings", `document.querySelector('[data-testid="audit"] table')`},
			{"greeter", "#/g/" + r.guild + "/p/greeter", `document.querySelector('#greeter-channelId')`},
			{"bot overview", "#/stats", `document.querySelector('[data-testid="stat-guilds"]')`},
		}
		for _, scheme := range []string{"light", "dark"} {
			a.emulateScheme(scheme)
			for _, p := range pages {
				a.run(chromedp.Navigate(r.url + "/" + p.hash))
				a.waitEval(p.ready)
				a.checkA11y(p.name + " (" + scheme + ")")
			}
		}
		a.run(chromedp.Navigate(modPage))
		a.waitEval(`document.querySelector('#mod-moderatorRoles')`)
	})

	t.Run("a role chosen from the picker is saved and shown by name after reload", func(t *testing.T) {
		a.t = t
		pick("#mod-moderatorRoles", "Mod", "Moderator")
		a.waitText(`[data-schema-field="moderatorRoles"] .chips`, "Moderator")
		a.run(chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		a.waitText(".toasts", "Moderation settings saved")
		a.run(chromedp.Reload())
		a.waitText(`[data-schema-field="moderatorRoles"] .chips`, "Moderator")
		mod := discordsim.RoleID(1, discordsim.RoleModerator).String()
		var cfg struct {
			ModeratorRoles []string `json:"moderatorRoles"`
		}
		r.call("GET", r.guildPath("moderation/config"), nil, &cfg)
		if len(cfg.ModeratorRoles) != 1 || cfg.ModeratorRoles[0] != mod {
			t.Fatalf("saved moderatorRoles %v, want [%s]", cfg.ModeratorRoles, mod)
		}
	})

	t.Run("a DM template is edited with its live preview and variables", func(t *testing.T) {
		a.t = t
		sel := `textarea[data-field="dmTemplates.warn"]`
		a.waitText(`[data-field="dmTemplates"]`, "{reason}")
		a.typeInto(sel, "Hi {user}, you were warned: {reason}")
		a.waitText(`[data-preview="warn"]`, "Hi @Alex, you were warned: Spamming in #general")
		a.typeInto(sel, " {bogus}")
		a.run(chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		a.waitText(`[data-field-error="dmTemplates.warn"]`, "unknown variable {bogus}")
		a.run(chromedp.Click(chromedp.CSS(`form.config button[type="button"]:not([data-add]):not(.small):not(.chip-x)`)))
	})

	t.Run("a server-side error shows beside its field", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Reload())
		a.waitEval(`document.querySelector('[data-add="thresholds"]')`)
		a.run(chromedp.Click(chromedp.CSS(`[data-add="thresholds"]`)), chromedp.Click(chromedp.CSS(`[data-add="thresholds"]`)))
		for i := 0; i < 2; i++ {
			a.typeInto(fmt.Sprintf(`#mod-thresholds-%d-points`, i), "3")
			a.typeInto(fmt.Sprintf(`#mod-thresholds-%d-durationSeconds`, i), "10")
		}
		a.run(chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		// Two steps at 3 points pass the form's own checks; the server
		// refuses the second, and the message sits in its row.
		a.waitText(`[data-row="1"] [data-field-error="thresholds[1].points"]`, "used by another step")
		if !eval[bool](a, `document.querySelector('#mod-thresholds-1-points').getAttribute('aria-invalid') === "true"`) {
			t.Error("the refused input is not marked aria-invalid")
		}
	})

	t.Run("a member picked for an action, and names in the cases table", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Reload())
		a.waitEval(`document.querySelector('#ma-target')`)
		pick("#ma-target", "jord", "jordan")
		a.waitText(`form.manual .chips`, "jordan")
		a.typeInto("#ma-reason", "picked by name")
		a.run(chromedp.Click(chromedp.CSS(`form.manual button.primary`)))
		a.waitText(".toasts", "warn for jordan")
		row := `[data-testid="infractions"] tbody tr:first-child`
		a.waitText(row+` [data-col="member"]`, "jordan")
		a.waitText(row+` [data-col="by"]`, "demo-admin")
		title := eval[string](a, `document.querySelector('`+row+` [data-col="member"] .name').title`)
		if want := discordsim.UserID(5).String(); !strings.Contains(title, want) {
			t.Errorf("the member's title %q does not carry the id %s", title, want)
		}
		// One batched directory request serves the whole table.
		n := 0
		for _, req := range a.requests() {
			if strings.Contains(req, "/directory?") {
				n++
			}
		}
		// The tab has loaded several pages by now, each with its batch; one
		// request per row would make at least as many as the table's rows.
		if rows := eval[int](a, `document.querySelectorAll('[data-testid="infractions"] tbody tr').length`); n > 8 || n >= rows {
			t.Errorf("%d directory requests for %d rows; names should be fetched in batches", n, rows)
		}
	})

	t.Run("an unknown id still renders, marked", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/settings", r.url, r.guild)))
		a.waitEval(`document.querySelector('[data-testid="audit"] [data-col="who"] .name')`)
		a.waitText(`[data-testid="audit"] [data-col="who"]`, "demo-admin")
	})

	t.Run("a plugin's settings page is drawn from its declaration alone", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/p/greeter", r.url, r.guild)))
		a.waitText("form.config", "Welcome channel")
		a.waitText("form.config", "Post a welcome message when someone joins.")
		pick("#greeter-channelId", "gen", "#general")
		a.waitText(`[data-schema-field="channelId"] .chips`, "general")
		a.run(chromedp.Click(chromedp.CSS(`#greeter-enabled`)))
		a.waitEval(`document.querySelector('#greeter-enabled').checked`)
		a.run(chromedp.SetValue(chromedp.CSS(`#greeter-maxPerDay`), ""))
		a.typeInto(`#greeter-maxPerDay`, "99")
		a.waitEval(`document.querySelector('#greeter-maxPerDay').value === "99"`)
		a.run(chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		a.waitText(`[data-field-error="maxPerDay"]`, "at most 50")
		a.run(chromedp.SetValue(chromedp.CSS(`#greeter-maxPerDay`), ""))
		a.typeInto(`#greeter-maxPerDay`, "5")
		a.run(chromedp.Click(chromedp.CSS(`form.config button[type="submit"]`)))
		a.waitText(".toasts", "Greeter settings saved")
		a.run(chromedp.Reload())
		a.waitText(`[data-schema-field="channelId"] .chips`, "general")
		if !eval[bool](a, `document.querySelector('#greeter-enabled').checked && document.querySelector('#greeter-maxPerDay').value === "5"`) {
			t.Error("the saved values did not come back after reload")
		}
	})
}

// typeInto focuses the element and types text as key events. chromedp's
// SendKeys reads the node's attributes unlocked, a data race while the
// page changes them (a combobox's aria-expanded), so this focuses by
// script and sends the keys to the focused element.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	eval[bool](tb, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return false; e.focus(); return true; })()`)
	tb.run(chromedp.KeyEvent(text))
}
