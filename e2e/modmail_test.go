package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestModmailConversationLive opens a conversation by DM, shows it on the
// modmail page, and checks that a second DM streams into the open
// conversation view without a reload, and that a reply typed on the page
// reaches the member's DMs.
func TestModmailConversationLive(t *testing.T) {
	r := startApp(t)
	b := newBrowser(t)
	a := b.newTab(t)
	a.signIn(r.url)
	var cfg map[string]any
	r.call("GET", r.guildPath("modmail/config"), nil, &cfg)
	g, _ := r.sim.Guild(discordsim.GuildID(1))
	staff, _ := g.ChannelByName("Staff")
	cfg["enabled"], cfg["confirm"], cfg["categoryId"] = true, false, staff.ID.String()
	if st := r.call("PUT", r.guildPath("modmail/config"), cfg, nil); st != 200 {
		t.Fatalf("PUT modmail config: %d", st)
	}
	member := discordsim.UserID(3)
	if _, err := r.sim.SendDM(member, "my first message"); err != nil {
		t.Fatal(err)
	}

	// The demo's past holds closed conversations; the DM opens the open one.
	number := 0
	for deadline := time.Now().Add(waitFor); number == 0; {
		var page struct {
			Items []struct {
				Number int    `json:"number"`
				UserID string `json:"userId"`
			} `json:"items"`
		}
		r.call("GET", r.guildPath("modmail/conversations?view=open"), nil, &page)
		for _, c := range page.Items {
			if c.UserID == member.String() {
				number = c.Number
			}
		}
		if number == 0 && time.Now().After(deadline) {
			t.Fatal("the DM opened no conversation")
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/p/modmail?c=%d", r.url, r.guild, number)))
	a.waitText(`[data-testid="messages"]`, "my first message")
	a.waitText(`[data-testid="conversations"]`, "alex")
	a.checkA11y("modmail")

	if _, err := r.sim.SendDM(member, "a second message, live"); err != nil {
		t.Fatal(err)
	}
	a.waitText(`[data-testid="messages"]`, "a second message, live")
	a.waitText(`[data-testid="conversations"]`, "waiting")

	a.typeInto("#mm-text", "answer from the web")
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="conversation"] button.primary`)))
	a.waitText(`[data-testid="messages"]`, "answer from the web")

	// Staff edit their reply from the web; the member's copy follows.
	eval[bool](a, `window.prompt = () => "answer, edited on the web", true`)
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="messages"] li[data-kind="reply"] button[aria-label^="Edit"]`)))
	a.waitText(`[data-testid="messages"]`, "answer, edited on the web")
	testenv.Eventually(t, waitFor, "the member's copy edited", func() bool {
		for _, m := range r.sim.DMs(member) {
			if strings.Contains(m.Content, "answer, edited on the web") {
				return true
			}
		}
		return false
	})
	// A close scheduled for a chosen time, from the web.
	eval[bool](a, `(() => { const s = document.querySelector('select[aria-label="Close after"]'); s.value = "86400"; s.dispatchEvent(new Event("change", { bubbles: true })); return true; })()`)
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="close-later"]`)))
	a.waitText(`[data-testid="conversation"]`, "Cancel close")
	a.screenshot(testenv.RepoRoot(t), "modmail")
	// On a 390 px phone nothing is wider than the screen.
	a.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))
	a.run(chromedp.Reload())
	a.waitText(`[data-testid="messages"]`, "answer, edited on the web")
	if w := eval[int](a, `document.documentElement.scrollWidth`); w > 390 {
		wide := eval[[]string](a, `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 391).slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."))`)
		t.Errorf("the modmail page is %d px wide on a 390 px phone; wider than the screen: %v", w, wide)
	}

	deadline := time.Now().Add(waitFor)
	for {
		found := false
		for _, m := range r.sim.DMs(member) {
			found = found || strings.Contains(m.Content, "answer, edited on the web")
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the reply typed on the page never reached the member's DMs")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
