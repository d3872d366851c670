package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium with a fresh profile.
type browser struct {
	ctx context.Context
}

// chromiumPath finds Debian's chromium or fails saying how to install it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatalf("chromium is not installed: run scripts/test.sh (it installs it) or apt-get install chromium")
	return ""
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return &browser{ctx: ctx}
}

// tab is one page of the browser; tabs share the browser's cookies.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu      sync.Mutex
	apiGets []string // REST GETs the page made, in order.
}

func (b *browser) newTab(t *testing.T) *tab {
	t.Helper()
	tb := &tab{t: t}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && strings.Contains(e.Request.URL, "/api/") {
			tb.mu.Lock()
			tb.apiGets = append(tb.apiGets, e.Request.Method+" "+e.Request.URL)
			tb.mu.Unlock()
		}
	}))
	t.Cleanup(cancel)
	tb.ctx = ctx
	// The first run opens the tab and binds it to its context, so it gets
	// no timeout of its own (a timeout would close the tab).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return tb
}

// run runs actions with a deadline, failing the test on error.
func (tb *tab) run(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitFor)
	defer cancel()
	for _, a := range actions {
		// An action finds its node by selector and then acts on it; when
		// the page re-renders that node in between (a refetch after the
		// room is joined, a picker updating itself), the node's id is
		// gone. The action is then run again, finding the new node, as a
		// person clicking again would; anything else fails the test.
		for attempt := 1; ; attempt++ {
			err := chromedp.Do(ctx, a)
			if err == nil {
				break
			}
			if attempt >= 5 || !strings.Contains(err.Error(), "Could not find node with given id") || ctx.Err() != nil {
				tb.t.Fatalf("browser: %v", err)
			}
		}
	}
}

// requests returns how many REST requests the page has made so far.
func (tb *tab) requests() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.apiGets...)
}

// waitFor bounds waitText and waitEval: a bound for a stuck page, not a
// measure of speed, so it is generous for a loaded machine (the race
// detector, Chromium and a busy core share two CPUs in CI).
const waitFor = 45 * time.Second

// waitText waits until the element at sel contains want.
func (tb *tab) waitText(sel, want string) time.Duration {
	tb.t.Helper()
	start := time.Now()
	deadline := start.Add(waitFor)
	var got string
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.innerText : ""; })()`))
		got = v
		cancel()
		if err == nil && strings.Contains(got, want) {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("%q never showed %q; it shows %q", sel, want, got)
	return 0
}

// waitEval waits until the JavaScript expression is true.
func (tb *tab) waitEval(expr string) time.Duration {
	tb.t.Helper()
	start := time.Now()
	for time.Since(start) < waitFor {
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(`+expr+`)`))
		cancel()
		if err == nil && ok {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("never true: %s", expr)
	return 0
}

// eval returns the value of a JavaScript expression.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// screenshot saves a full-page PNG. With WARDEN_SCREENSHOTS=1 it goes to
// docs/screenshots/ (the README shows those); otherwise to the test's
// temporary folder, so an ordinary run leaves the tree clean.
func (tb *tab) screenshot(root, name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer cancel()
	// Quality 100 makes chromedp capture PNG; below it captures JPEG.
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		tb.t.Fatalf("screenshot %s is not a PNG", name)
	}
	dir := tb.t.TempDir()
	if os.Getenv("WARDEN_SCREENSHOTS") == "1" {
		dir = root + "/docs/screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatalf("screenshots folder: %v", err)
	}
	if err := os.WriteFile(dir+"/"+name+".png", png, 0o644); err != nil {
		tb.t.Fatalf("save screenshot: %v", err)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}

// signIn signs the tab in to the demo dashboard at url through the
// simulated Discord's OAuth2 and waits for the server list.
func (tb *tab) signIn(url string) {
	tb.t.Helper()
	tb.run(chromedp.Navigate(url + "/"))
	tb.run(chromedp.Click(chromedp.CSS(`[data-testid="login-discord"]`)))
	tb.waitText(`[data-testid="guild-list"]`, "Warden Demo")
}
