package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/warden-bot/warden/internal/testenv"
)

// headerRows counts the rows the header's visible children sit on (their
// tops more than 8 px apart) and answers the header's height.
const headerRows = `(() => {
  const top = document.querySelector("header.top");
  const tops = [];
  for (const el of top.children) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).position === "absolute") continue;
    if (!tops.some((t) => Math.abs(t - r.top) <= 8)) tops.push(r.top);
  }
  return { rows: tops.length, height: top.getBoundingClientRect().height,
    line: parseFloat(getComputedStyle(document.documentElement).lineHeight) || 22 };
})()`

// TestPhone opens every page on a 390×844 phone: the header keeps to two
// rows (the logo and controls, then the navigation) and nothing is wider
// than the screen; the moderation page, the busiest, passes the
// accessibility check at that width. The overview's screenshot is
// docs/screenshots/phone-overview.png.
func TestPhone(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)
	a.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))

	a.run(chromedp.Navigate(r.url + "/"))
	a.waitEval(`document.querySelector('[data-testid="login-discord"]')`)
	if w := eval[int](a, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the sign-in page is %d px wide on a 390 px phone", w)
	}
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="login-discord"]`)))
	a.waitText(`[data-testid="guild-list"]`, "Warden Demo")

	pages := []struct{ name, hash, ready string }{
		{"servers", "#/", `document.querySelector('[data-testid="guild-list"] a')`},
		{"overview", "#/g/" + r.guild, `document.querySelector('[data-testid="recent-events"]')`},
		{"moderation", "#/g/" + r.guild + "/p/moderation", `document.querySelector('#mod-moderatorRoles') && document.querySelector('[data-testid="infractions"] table')`},
		{"settings", "#/g/" + r.guild + "/settings", `document.querySelector('[data-testid="audit"] table')`},
		{"greeter", "#/g/" + r.guild + "/p/greeter", `document.querySelector('#greeter-channelId')`},
		{"bot overview", "#/stats", `document.querySelector('[data-testid="stat-guilds"]')`},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			a.t = t
			a.run(chromedp.Navigate(r.url + "/" + p.hash))
			a.waitEval(p.ready)
			a.waitEval(`document.querySelector('.conn').dataset.state === "live"`)
			if w := eval[int](a, `document.documentElement.scrollWidth`); w > 390 {
				wide := eval[[]string](a, `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 391).slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."))`)
				t.Errorf("the page is %d px wide on a 390 px phone; wider than the screen: %v", w, wide)
			}
			h := eval[struct {
				Rows   int     `json:"rows"`
				Height float64 `json:"height"`
				Line   float64 `json:"line"`
			}](a, headerRows)
			// Two rows of 36 px controls, their gap and the padding; a
			// third row would add another 36.
			if h.Rows > 2 || h.Height > 96 {
				t.Errorf("the header takes %d rows, %.0f px high (a line is %.0f px); want at most 2 rows", h.Rows, h.Height, h.Line)
			}
			if p.name == "overview" {
				a.screenshot(testenv.RepoRoot(t), "phone-overview")
			}
			if p.name == "moderation" {
				a.checkA11y(p.name + " (390 px phone)")
			}
		})
	}
}
