package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Component is a part started and stopped with the core after the plugins,
// such as the Discord client, the dashboard API and the gateway. Components
// start in the order added and stop in reverse.
type Component interface {
	Name() string
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

// Options are the parts a caller may supply instead of the defaults.
type Options struct {
	// Logger is the root logger. Nil means slog.Default().
	Logger *slog.Logger
	// Broker replaces the one chosen from the config.
	Broker Broker
	// Metrics replaces a fresh registry.
	Metrics *Metrics
	// StoreOptions tune the database connection.
	StoreOptions StoreOptions
	// Now is the core's clock (audit entries, grants, the audit retention
	// sweep). Nil means time.Now; tests set it to control time.
	Now func() time.Time
}

// Core runs Warden's plugins and components.
type Core struct {
	cfg     *Config
	log     *slog.Logger
	opts    Options
	metrics *Metrics
	catalog *Catalog
	store   *store.DB
	coll    coreCollections
	broker  Broker
	bus     *Bus
	// instance names this process as a lease holder.
	instance string
	// own runs the core's own background work (the audit retention
	// sweep); Stop stops it after the plugins.
	own *Context

	mu         sync.Mutex
	access     AccessChecker
	sessions   SessionChecker  // set by the dashboard API (sessions.go)
	discord    DiscordProvider // set by the Discord component (discord_registry.go)
	directory  GuildDirectory  // set by the Discord component
	plugins    []*runningPlugin
	components []Component
	started    []Component
	checks     map[string]func(context.Context) error
	ready      atomic.Bool
}

type runningPlugin struct {
	info     PluginInfo
	plugin   Plugin
	pc       *Context
	optional bool
	started  bool
}

// New returns a Core for a validated cfg. Nothing runs until Start.
func New(cfg *Config, opts Options) *Core {
	catalog := NewCatalog()
	if err := catalog.Declare(DashboardPlugin, coreEvents()); err != nil {
		panic(err) // the core's own declarations are fixed at compile time
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	// Secrets are masked at the root, so every component's logger and every
	// library handed one (disgo logs REST bodies and URLs at debug) is
	// covered.
	opts.Logger = slog.New(RedactHandler(opts.Logger.Handler(),
		NewRedactor(cfg.DiscordToken, cfg.DiscordClientSecret, cfg.AuthSecret)))
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Core{
		cfg:     cfg,
		log:     opts.Logger,
		opts:    opts,
		metrics: opts.Metrics,
		catalog: catalog,
		access:  superuserAccess{cfg},
		checks:  map[string]func(context.Context) error{},

		instance: instanceID(),
	}
}

// Config returns the configuration.
func (c *Core) Config() *Config { return c.cfg }

func (c *Core) now() time.Time { return c.opts.Now() }

// Logger returns the root logger.
func (c *Core) Logger() *slog.Logger { return c.log }

// Metrics returns the Prometheus registry and core collectors.
func (c *Core) Metrics() *Metrics { return c.metrics }

// Catalog returns the declared events of the running plugins.
func (c *Core) Catalog() *Catalog { return c.catalog }

// Store returns the store; nil before Start.
func (c *Core) Store() *store.DB { return c.store }

// Broker returns the event broker; nil before Start.
func (c *Core) Broker() Broker { return c.broker }

// Bus returns the broadcaster; nil before Start (and a nil Bus is a no-op).
func (c *Core) Bus() *Bus { return c.bus }

// Broadcast publishes a declared event to a room. See Bus.Broadcast.
func (c *Core) Broadcast(room, event string, data any) error {
	if event == EventPermissionsUpdated {
		c.InvalidateAccess(room)
	}
	return c.bus.Broadcast(room, event, data)
}

// InvalidateAccess tells a caching access checker that a guild's grants,
// roles or members changed. The dashboard's grant changes, Discord's role
// and member events, and every instance's gateway (on
// dashboard:permissions_updated from any instance) call it.
func (c *Core) InvalidateAccess(guildID string) {
	if inv, ok := c.Access().(AccessInvalidator); ok {
		inv.InvalidateAccess(guildID)
	}
}

// SetAccess installs the access checker shared by the API and the gateway.
func (c *Core) SetAccess(a AccessChecker) {
	c.mu.Lock()
	c.access = a
	c.mu.Unlock()
}

// Access returns the access checker.
func (c *Core) Access() AccessChecker {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.access
}

// AddComponent adds a component to start after the plugins. Call it before
// Start.
func (c *Core) AddComponent(comp Component) {
	c.mu.Lock()
	c.components = append(c.components, comp)
	c.mu.Unlock()
}

// AddHealthCheck adds a readiness check reported by /readyz.
func (c *Core) AddHealthCheck(name string, check func(context.Context) error) {
	c.mu.Lock()
	c.checks[name] = check
	c.mu.Unlock()
}

// Plugins returns the running plugins in start order.
func (c *Core) Plugins() []Plugin {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Plugin, 0, len(c.plugins))
	for _, rp := range c.plugins {
		out = append(out, rp.plugin)
	}
	return out
}

// Plugin returns the running plugin with the given id.
func (c *Core) Plugin(id string) (Plugin, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, rp := range c.plugins {
		if rp.info.ID == id {
			return rp.plugin, true
		}
	}
	return nil, false
}

// Start opens the store and the broker, then constructs, configures,
// provisions, validates and starts each enabled plugin, then starts the
// components. On failure it stops everything it started and returns an
// error that names the part that failed.
func (c *Core) Start(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			_ = c.Stop(context.WithoutCancel(ctx))
		}
	}()
	if c.store, err = OpenStore(ctx, c.cfg, c.log, c.opts.StoreOptions); err != nil {
		return err
	}
	if c.broker = c.opts.Broker; c.broker == nil {
		if c.broker, err = c.openBroker(ctx); err != nil {
			return err
		}
	}
	c.bus = NewBus(c.broker, c.catalog, c.log.With("component", "bus"), c.metrics)
	if err := c.declareCollections(ctx); err != nil {
		return err
	}
	c.sweepAudit(ctx)
	c.own = newContext(c, "core")
	// Start has just swept, so the hourly sweep waits its first hour: an
	// immediate second sweep would race what the first left.
	c.own.GoLeased("audit-retention", func(ctx context.Context) { everyAfter(ctx, auditSweepEvery, c.sweepAudit) })

	for _, info := range RegisteredPlugins() {
		pcfg := c.cfg.Plugins[info.ID]
		if !pcfg.IsEnabled() {
			c.log.Info("plugin disabled by config", "plugin", info.ID)
			continue
		}
		rp, err := c.loadPlugin(ctx, info, pcfg)
		if err != nil {
			if pcfg.Optional {
				c.log.Warn("optional plugin left out", "plugin", info.ID, "err", err)
				continue
			}
			return err
		}
		c.mu.Lock()
		c.plugins = append(c.plugins, rp)
		c.mu.Unlock()
	}
	for _, rp := range c.snapshotPlugins() {
		if err := c.startPlugin(ctx, rp); err != nil {
			if rp.optional {
				c.log.Warn("optional plugin failed to start; running without it", "plugin", rp.info.ID, "err", err)
				c.dropPlugin(rp)
				continue
			}
			return err
		}
	}
	for _, comp := range c.snapshotComponents() {
		if err := comp.Start(ctx); err != nil {
			return fmt.Errorf("start %s: %w", comp.Name(), err)
		}
		c.mu.Lock()
		c.started = append(c.started, comp)
		c.mu.Unlock()
	}
	c.ready.Store(true)
	c.log.Info("warden started", "plugins", len(c.snapshotPlugins()), "components", len(c.started))
	return nil
}

// loadPlugin constructs a plugin, decodes its config block, declares its
// events, provisions and validates it. Plugins declare their collections
// while provisioning (core.Declare).
func (c *Core) loadPlugin(ctx context.Context, info PluginInfo, pcfg PluginConfig) (*runningPlugin, error) {
	p := info.New()
	if p == nil {
		return nil, fmt.Errorf("plugin %s: New returned nil", info.ID)
	}
	if err := DecodeStrict(&pcfg.Config, p); err != nil {
		return nil, fmt.Errorf("plugin %s: config: %w", info.ID, err)
	}
	rp := &runningPlugin{info: info, plugin: p, pc: newContext(c, info.ID), optional: pcfg.Optional}
	if d, ok := p.(EventDeclarer); ok {
		if err := c.catalog.Declare(info.ID, d.Events()); err != nil {
			return nil, err
		}
	}
	if pv, ok := p.(Provisioner); ok {
		if err := pv.Provision(rp.pc); err != nil {
			rp.pc.cancel()
			return nil, fmt.Errorf("plugin %s: provision: %w", info.ID, err)
		}
	}
	if v, ok := p.(Validator); ok {
		if err := v.Validate(); err != nil {
			rp.pc.cancel()
			return nil, fmt.Errorf("plugin %s: invalid: %w", info.ID, err)
		}
	}
	return rp, nil
}

func (c *Core) startPlugin(ctx context.Context, rp *runningPlugin) error {
	if s, ok := rp.plugin.(Starter); ok {
		if err := s.Start(ctx); err != nil {
			_ = rp.pc.stop(ctx)
			return fmt.Errorf("plugin %s: start: %w", rp.info.ID, err)
		}
	}
	rp.started = true
	c.metrics.pluginsStarted.Inc()
	return nil
}

func (c *Core) dropPlugin(rp *runningPlugin) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.plugins {
		if p == rp {
			c.plugins = append(c.plugins[:i], c.plugins[i+1:]...)
			return
		}
	}
}

func (c *Core) snapshotPlugins() []*runningPlugin {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*runningPlugin(nil), c.plugins...)
}

func (c *Core) snapshotComponents() []Component {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Component(nil), c.components...)
}

// Stop stops the components in reverse order, then the plugins in reverse
// order, then the bus, the broker and the store. It returns every error
// met on the way; it never stops half-way.
func (c *Core) Stop(ctx context.Context) error {
	c.ready.Store(false)
	var errs []error
	c.mu.Lock()
	started := c.started
	c.started = nil
	plugins := c.plugins
	c.plugins = nil
	c.mu.Unlock()
	for i := len(started) - 1; i >= 0; i-- {
		if err := started[i].Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop %s: %w", started[i].Name(), err))
		}
	}
	for i := len(plugins) - 1; i >= 0; i-- {
		rp := plugins[i]
		if s, ok := rp.plugin.(Stopper); ok && rp.started {
			if err := s.Stop(ctx); err != nil {
				errs = append(errs, fmt.Errorf("plugin %s: stop: %w", rp.info.ID, err))
			}
		}
		if err := rp.pc.stop(ctx); err != nil {
			errs = append(errs, err)
		}
		if rp.started {
			c.metrics.pluginsStarted.Dec()
		}
	}
	if c.own != nil {
		if err := c.own.stop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	c.bus.Close()
	if c.broker != nil && c.opts.Broker == nil {
		if err := c.broker.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close broker: %w", err))
		}
	}
	if c.store != nil {
		if err := c.store.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close store: %w", err))
		}
	}
	return errors.Join(errs...)
}

// Ready reports whether the core is started and every health check passes.
func (c *Core) Ready(ctx context.Context) map[string]error {
	out := map[string]error{}
	if !c.ready.Load() {
		out["core"] = errors.New("not started")
		return out
	}
	out["store"] = c.store.Ping(ctx)
	c.mu.Lock()
	checks := make(map[string]func(context.Context) error, len(c.checks))
	for k, v := range c.checks {
		checks[k] = v
	}
	c.mu.Unlock()
	for name, check := range checks {
		out[name] = check(ctx)
	}
	return out
}
