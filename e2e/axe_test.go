package e2e

import (
	"context"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// axeScript loads the vendored axe-core (dashboardapi/web/static/vendor,
// scripts/vendor-web.sh) into the page once and runs it against WCAG 2 A
// and AA, answering the serious and critical violations.
const axeScript = `(async () => {
  if (!window.axe) {
    await new Promise((ok, fail) => {
      const s = document.createElement("script");
      s.src = "/vendor/axe.min.js";
      s.onload = ok;
      s.onerror = () => fail(new Error("axe-core did not load"));
      document.head.appendChild(s);
    });
  }
  const res = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  return res.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.impact + " " + v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
})()`

// checkA11y fails the test on serious or critical accessibility
// violations of the page as it stands.
func (tb *tab) checkA11y(page string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeScript, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("accessibility check of %s: %v", page, err)
	}
	if len(found) > 0 {
		tb.t.Errorf("%s has %d serious or critical accessibility violations:\n%s", page, len(found), strings.Join(found, "\n"))
	}
}
