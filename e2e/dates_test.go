package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestDatesInGuildTimezone: every date is written in the guild's timezone
// and locale (dashboard settings), and changes, with no reload, when the
// timezone is picked from the searchable select and saved.
func TestDatesInGuildTimezone(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)

	// A save through the API writes an audit entry: a date on the page.
	var cfg map[string]any
	r.call("GET", r.guildPath("dashboard/settings"), nil, &cfg)
	cfg["timezone"], cfg["locale"], cfg["dateFormat"] = "UTC", "en-US", "relative"
	if code := r.call("PUT", r.guildPath("dashboard/settings"), cfg, nil); code != http.StatusOK {
		t.Fatalf("save settings: status %d", code)
	}

	a.signIn(r.url)
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/settings", r.url, r.guild)))
	a.waitEval(`document.querySelector('#settings-timezone') && document.querySelector('[data-testid="audit"] tbody time')`)
	a.waitEval(`document.querySelector('.conn').dataset.state === "live"`)

	iso := eval[string](a, `document.querySelector('[data-testid="audit"] tbody time').getAttribute("datetime")`)
	at, err := time.Parse(time.RFC3339Nano, iso)
	if err != nil {
		t.Fatalf("the <time> element's datetime %q is not an ISO date: %v", iso, err)
	}
	entry := `[data-testid="audit"] time[datetime="` + iso + `"]`
	// titleIs waits until the entry's title (the absolute date, ICU's
	// narrow spaces made plain) starts with the date in zone, written as
	// en-US's medium date and long time.
	titleIs := func(zone string) {
		t.Helper()
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		want := at.In(loc).Format("Jan 2, 2006, 3:04:05 PM")
		a.waitEval(`(() => { const e = document.querySelector(` + jsString(entry) + `); return e && e.title.replace(/\s/g, " ").startsWith(` + jsString(want) + `); })()`)
	}
	titleIs("UTC")
	if got := eval[string](a, `document.querySelector(`+jsString(entry)+`).textContent`); got == "" {
		t.Fatal("the recent audit entry shows no relative time")
	}

	t.Run("the timezone select searches, picks with the keyboard, and every date follows", func(t *testing.T) {
		a.t = t
		a.typeInto("#settings-timezone", "kolkata")
		a.waitEval(`document.querySelector('#settings-timezone-list [data-option="Asia/Kolkata"]')`)
		if eval[string](a, `document.querySelector('#settings-timezone').getAttribute("aria-expanded")`) != "true" {
			t.Fatal("the timezone list is open but the combobox says it is not")
		}
		a.checkA11y("settings, timezone list open")
		a.typeInto("#settings-timezone", kb.Enter)
		a.waitEval(`document.querySelector('[data-picker="timezone"]').dataset.value === "Asia/Kolkata"`)
		a.run(chromedp.Click(chromedp.CSS(`form[aria-labelledby="settings-title"] button[type="submit"]`)))
		// Asia/Kolkata is UTC+05:30 all year: the same instant reads 5 h 30
		// min later, without a reload.
		titleIs("Asia/Kolkata")
		var saved map[string]any
		r.call("GET", r.guildPath("dashboard/settings"), nil, &saved)
		if saved["timezone"] != "Asia/Kolkata" {
			t.Fatalf("saved timezone = %v", saved["timezone"])
		}
		a.checkA11y("settings in Asia/Kolkata")
	})

	t.Run("a change saved elsewhere reaches the open page", func(t *testing.T) {
		a.t = t
		var cur map[string]any
		r.call("GET", r.guildPath("dashboard/settings"), nil, &cur)
		cur["timezone"], cur["dateFormat"] = "America/Sao_Paulo", "absolute"
		if code := r.call("PUT", r.guildPath("dashboard/settings"), cur, nil); code != http.StatusOK {
			t.Fatalf("save settings: status %d", code)
		}
		titleIs("America/Sao_Paulo")
		// Absolute dates: the text is the date itself (medium date, short
		// time), no longer "just now".
		loc, _ := time.LoadLocation("America/Sao_Paulo")
		want := at.In(loc).Format("Jan 2, 2006, 3:04 PM")
		a.waitEval(`document.querySelector(` + jsString(entry) + `).textContent.replace(/\s/g, " ") === ` + jsString(want))
	})

	t.Run("an invalid timezone is a 400 naming the field", func(t *testing.T) {
		a.t = t
		var cur map[string]any
		r.call("GET", r.guildPath("dashboard/settings"), nil, &cur)
		cur["timezone"] = "Mars/Olympus_Mons"
		var res struct {
			Error struct{ Code, Message, Field string }
		}
		if code := r.call("PUT", r.guildPath("dashboard/settings"), cur, &res); code != http.StatusBadRequest {
			t.Fatalf("PUT an unknown zone: status %d, want 400", code)
		}
		if res.Error.Code != "BAD_REQUEST" || res.Error.Field != "timezone" || !strings.Contains(res.Error.Message, "Mars/Olympus_Mons") {
			t.Fatalf("error = %+v, want BAD_REQUEST on field timezone naming the zone", res.Error)
		}
		cur["timezone"], cur["locale"] = "UTC", "not a locale"
		res.Error.Field = ""
		if code := r.call("PUT", r.guildPath("dashboard/settings"), cur, &res); code != http.StatusBadRequest || res.Error.Field != "locale" {
			t.Fatalf("PUT a bad locale: status %d, field %q; want 400 on locale", code, res.Error.Field)
		}
	})

	t.Run("a bad locale is shown beside its field", func(t *testing.T) {
		a.t = t
		// The typed text replaces the selected value, as a person would.
		eval[bool](a, `(() => { const e = document.querySelector("#settings-locale"); e.focus(); e.select(); return true; })()`)
		a.run(chromedp.KeyEvent("english please"))
		a.run(chromedp.Click(chromedp.CSS(`form[aria-labelledby="settings-title"] button[type="submit"]`)))
		a.waitText(`#settings-locale-err`, "is not a language tag")
		if got := eval[string](a, `document.querySelector('#settings-locale').getAttribute("aria-describedby") || ""`); !strings.Contains(got, "settings-locale-err") {
			t.Fatalf("the locale input is not described by its error (aria-describedby %q)", got)
		}
		a.checkA11y("settings with a field error")
	})
}
