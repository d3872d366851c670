package plugintest

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// Origin is the dashboard origin the kit's clients send; Start allows it.
const Origin = "https://dash.example.com"

// Timeout bounds every wait of the kit. It is a bound for a stuck test,
// not a measure of speed: a loaded machine meets it easily.
const Timeout = 15 * time.Second

// Warden is a running Warden against a simulated Discord.
type Warden struct {
	// App is the running app; App.Parts holds its components by name
	// ("discord", "api", "gateway").
	App *app.App
	// Core is App.Core.
	Core *core.Core
	// Sim is the simulated Discord, for what the kit does not wrap.
	Sim *discordsim.Server
	// Config is the configuration Warden runs with.
	Config *core.Config

	stopOnce sync.Once
	stopErr  error
}

// Option configures Start.
type Option func(*options)

type options struct {
	sim     []discordsim.ConfigOpt
	simSet  *discordsim.Server
	mutate  []func(*core.Config)
	plugins map[string]string
	log     *slog.Logger
}

// WithSim passes options to the simulated Discord (guilds, members,
// visitors). The default is one guild with the simulator's default
// members.
func WithSim(opts ...discordsim.ConfigOpt) Option {
	return func(o *options) { o.sim = append(o.sim, opts...) }
}

// WithSimulator runs Warden against a simulator the test started itself
// (testenv.StartSim), for example to put a proxy in front of its API.
func WithSimulator(s *discordsim.Server) Option { return func(o *options) { o.simSet = s } }

// WithConfig changes the configuration after the kit has pointed it at
// the simulator and before it is validated.
func WithConfig(mutate func(*core.Config)) Option {
	return func(o *options) { o.mutate = append(o.mutate, mutate) }
}

// WithPluginConfig sets a plugin's config block from YAML.
func WithPluginConfig(id, block string) Option {
	return func(o *options) {
		if o.plugins == nil {
			o.plugins = map[string]string{}
		}
		o.plugins[id] = block
	}
}

// WithDataDir runs on the embedded store in dir, to start Warden again
// on the data of an earlier run.
func WithDataDir(dir string) Option {
	return WithConfig(func(c *core.Config) { c.DataDir = dir })
}

// WithLogger gives the core a logger (the default logs to the test).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// Start starts the simulated Discord and Warden against it, with every
// registered plugin, and returns once the bot is connected and its cache
// holds every simulated guild. Both stop when the test ends.
func Start(t testing.TB, opts ...Option) *Warden {
	t.Helper()
	o := options{log: testenv.Logger(t)}
	for _, opt := range opts {
		opt(&o)
	}
	sim := o.simSet
	if sim == nil {
		sim = testenv.StartSim(t, append([]discordsim.ConfigOpt{discordsim.WithGuilds(1),
			discordsim.WithHeartbeatInterval(5 * time.Second)}, o.sim...)...)
	}
	cfg := testenv.Config(t, func(c *core.Config) {
		c.DiscordToken = sim.Token()
		c.DiscordClientID, c.DiscordClientSecret = sim.ClientID().String(), sim.ClientSecret()
		c.Discord.APIURL, c.Discord.GatewayURL = sim.APIURL(), sim.GatewayURL()
		c.Discord.AuthorizeURL = sim.AuthorizeURL()
		c.PublicURL = "http://127.0.0.1:" + strconv.Itoa(c.HTTPPort)
		c.PublicWSURL = "ws://127.0.0.1:" + strconv.Itoa(c.WSPort)
		c.AllowedOrigins = []string{c.PublicURL, Origin}
		c.Superusers = []string{Owner.String()}
		if err := pluginBlocks(c, o.plugins); err != nil {
			t.Fatal(err)
		}
		for _, m := range o.mutate {
			m(c)
		}
	})
	a, err := app.New(cfg, o.log, core.Options{})
	if err != nil {
		t.Fatalf("plugintest: build warden: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatalf("plugintest: start warden: %v", err)
	}
	w := &Warden{App: a, Core: a.Core, Sim: sim, Config: cfg}
	t.Cleanup(func() {
		if err := w.Stop(); err != nil {
			t.Errorf("plugintest: %v", err)
		}
	})
	ready, ok := a.Parts["discord"].(interface{ WaitReady(context.Context) error })
	if !ok {
		t.Fatal("plugintest: the app has no Discord component")
	}
	if err := ready.WaitReady(ctx); err != nil {
		t.Fatalf("plugintest: Discord not ready: %v", err)
	}
	want := len(sim.Guilds())
	testenv.Eventually(t, Timeout, "the bot's cache to hold every simulated guild", func() bool {
		gs, err := a.Core.Directory().Guilds(ctx)
		return err == nil && len(gs) == want
	})
	return w
}

// pluginBlocks decodes each YAML block into the plugin's config node.
func pluginBlocks(c *core.Config, blocks map[string]string) error {
	for id, block := range blocks {
		var node yaml.Node
		if err := yaml.Unmarshal([]byte(block), &node); err != nil {
			return fmt.Errorf("plugintest: config block of %s: %w", id, err)
		}
		if c.Plugins == nil {
			c.Plugins = map[string]core.PluginConfig{}
		}
		pc := c.Plugins[id]
		pc.Config = node
		c.Plugins[id] = pc
	}
	return nil
}

// Stop stops Warden (not the simulator) before the test ends, to check
// what stopping does or to start again on the same data; it runs once and
// the test's cleanup calls it too.
func (w *Warden) Stop() error {
	w.stopOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := w.App.Stop(ctx); err != nil {
			w.stopErr = fmt.Errorf("stop warden: %w", err)
		}
	})
	return w.stopErr
}

// Plugin returns the running plugin with the given id, as T.
func Plugin[T core.Plugin](t testing.TB, w *Warden, id string) T {
	t.Helper()
	p, ok := w.Core.Plugin(id)
	if !ok {
		t.Fatalf("plugintest: plugin %s is not running", id)
	}
	v, ok := p.(T)
	if !ok {
		t.Fatalf("plugintest: plugin %s is a %T", id, p)
	}
	return v
}

// Token returns a session token for user, as the dashboard login mints.
func (w *Warden) Token(t testing.TB, user discordsim.ID) string {
	t.Helper()
	tok, err := core.MintToken([]byte(w.Config.AuthSecret), user.String(), "session", time.Hour, time.Now())
	if err != nil {
		t.Fatalf("plugintest: mint token: %v", err)
	}
	return tok
}

// Eventually waits until cond holds, failing t after Timeout.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	testenv.Eventually(t, Timeout, what, cond)
}
