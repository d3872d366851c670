package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// startFresh runs Warden against a simulated Discord outside demo mode:
// nothing is seeded, so the guild is as a new server's, and the browser
// signs in through the simulator's OAuth2 as its owner. It returns the
// dashboard's URL and the guild's id.
func startFresh(t *testing.T) (string, string) {
	t.Helper()
	sim := testenv.StartSim(t, discordsim.WithGuilds(1))
	cfg := testenv.Config(t, func(c *core.Config) {
		c.DiscordToken = sim.Token()
		c.DiscordClientID = sim.ClientID().String()
		c.DiscordClientSecret = sim.ClientSecret()
		c.Discord.APIURL, c.Discord.GatewayURL, c.Discord.AuthorizeURL = sim.APIURL(), sim.GatewayURL(), sim.AuthorizeURL()
	})
	runApp(t, cfg)
	return cfg.PublicURL, discordsim.GuildID(1).String()
}

// TestEmptyStatesOnAFreshGuild: on a server where nothing has happened
// yet, each list says what would fill it and how, with the action at hand.
func TestEmptyStatesOnAFreshGuild(t *testing.T) {
	url, guild := startFresh(t)
	b := newBrowser(t)
	a := b.newTab(t)

	a.run(chromedp.Navigate(url + "/"))
	a.run(chromedp.Click(chromedp.CSS(`[data-testid="login-discord"]`)))
	a.waitEval(`document.querySelector('[data-testid="guild-list"] a')`)

	t.Run("moderation", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/p/moderation", url, guild)))
		a.waitText(`[data-empty="infractions"]`, "No cases yet. Cases appear here when a moderator uses /warn")
		a.waitText(`[data-empty="rules"]`, "No automod rules yet")
		// The action goes to the form that fills the table.
		a.run(chromedp.Click(chromedp.CSS(`[data-empty="infractions"] button.empty-action`)))
		a.waitEval(`document.activeElement && document.activeElement.id === "ma-type"`)
		a.checkA11y("moderation, fresh guild")
	})

	t.Run("settings", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s/settings", url, guild)))
		a.waitText(`[data-empty="grants"]`, "No grants yet")
		a.waitText(`[data-empty="audit"]`, "No changes yet")
		a.checkA11y("settings, fresh guild")
	})

	t.Run("overview", func(t *testing.T) {
		a.t = t
		a.run(chromedp.Navigate(fmt.Sprintf("%s/#/g/%s", url, guild)))
		a.waitText(`[data-empty="live-feed"]`, "appears here as it happens")
		a.waitText(`[data-empty="recent-events"]`, "Nothing has happened here yet")
		a.waitEval(`document.querySelector('[data-empty="recent-events"] a.empty-action[href$="/p/moderation"]')`)
		a.checkA11y("overview, fresh guild")
	})
}
