package dashboardapi

import (
	"io/fs"
	"time"

	"github.com/warden-bot/warden/core"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	dir      core.GuildDirectory
	latency  core.LatencyReporter
	oauth    OAuth2Config
	web      fs.FS
	demoUser string
	now      func() time.Time
}

// OAuth2Config says where Discord's OAuth2 endpoints are. The zero value of
// each field means Discord itself and the client id and secret from the
// config.
type OAuth2Config struct {
	// ClientID and ClientSecret identify the application.
	ClientID     string
	ClientSecret string
	// AuthorizeURL is the consent page; empty means
	// https://discord.com/oauth2/authorize.
	AuthorizeURL string
	// APIURL is the REST base; empty means https://discord.com/api/v10.
	APIURL string
}

func defaultConfig(cfg *core.Config) config {
	return config{
		oauth: OAuth2Config{ClientID: cfg.DiscordClientID, ClientSecret: cfg.DiscordClientSecret},
		now:   time.Now,
	}
}

// WithDirectory sets where guilds and members are looked up. Without one no
// guild is known and only bot-wide routes work.
func WithDirectory(d core.GuildDirectory) Option { return func(c *config) { c.dir = d } }

// WithLatency sets the source of the gateway latency for the ping figures.
func WithLatency(l core.LatencyReporter) Option { return func(c *config) { c.latency = l } }

// WithOAuth2 overrides the OAuth2 endpoints and client (the simulated
// Discord in tests and demo mode). Empty fields keep their defaults.
func WithOAuth2(o OAuth2Config) Option {
	return func(c *config) {
		if o.ClientID != "" {
			c.oauth.ClientID, c.oauth.ClientSecret = o.ClientID, o.ClientSecret
		}
		if o.AuthorizeURL != "" {
			c.oauth.AuthorizeURL = o.AuthorizeURL
		}
		if o.APIURL != "" {
			c.oauth.APIURL = o.APIURL
		}
	}
}

// WithWeb serves the dashboard page's files at /.
func WithWeb(files fs.FS) Option { return func(c *config) { c.web = files } }

// WithDemoUser enables the one-click demo login as userID. It is honoured
// only in demo mode.
func WithDemoUser(userID string) Option { return func(c *config) { c.demoUser = userID } }

// WithClock sets the clock used for stats windows and tokens (tests).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// fillFromConfig takes from cfg what no option set: the OAuth2 client and
// endpoints, and the demo admin.
func (c *config) fillFromConfig(cfg *core.Config) {
	if c.oauth.ClientID == "" {
		c.oauth.ClientID, c.oauth.ClientSecret = cfg.DiscordClientID, cfg.DiscordClientSecret
	}
	if c.oauth.APIURL == "" {
		c.oauth.APIURL = cfg.Discord.APIURL
	}
	if c.oauth.AuthorizeURL == "" {
		c.oauth.AuthorizeURL = cfg.Discord.AuthorizeURL
	}
	if c.demoUser == "" {
		c.demoUser = cfg.Discord.DemoAdminID
	}
}
