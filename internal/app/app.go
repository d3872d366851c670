package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"reflect"
	"sort"
	"strings"

	"github.com/warden-bot/warden/core"
)

// ErrNoDiscordToken is returned when Warden is run for real with no token.
var ErrNoDiscordToken = errors.New("DISCORD_TOKEN is not set: set it in the environment or the config file (see configs/warden.example.yaml), or try `warden --demo` to run with a simulated Discord and no accounts")

// DemoBindHost is where demo mode listens when the operator sets no
// listen address (BIND_HOST, HTTP_ADDR or --listen).
const DemoBindHost = "127.0.0.1"

// Prepare fills in defaults and demo settings and validates cfg.
func Prepare(cfg *core.Config) error {
	// The demo's one-click login makes anyone who reaches it a superuser:
	// it listens on loopback unless the operator chose an address.
	if cfg.Demo.Enabled && cfg.BindHost == "" && cfg.HTTPAddr == "" {
		cfg.BindHost = DemoBindHost
	}
	if cfg.Demo.Enabled && cfg.AuthSecret == "" {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("generate demo AUTH_SECRET: %w", err)
		}
		cfg.AuthSecret = hex.EncodeToString(b[:])
	}
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		return err
	}
	if !cfg.Demo.Enabled && cfg.DiscordToken == "" {
		return ErrNoDiscordToken
	}
	return nil
}

// NewLogger returns the process logger for cfg's LOG_LEVEL and LOG_FORMAT.
func NewLogger(cfg *core.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// listenScope says in words who can reach a listener bound to host.
func listenScope(host string) string {
	ip, err := netip.ParseAddr(host)
	switch {
	case host == "localhost" || (err == nil && ip.IsLoopback()):
		return "on " + host + " only (this machine); set BIND_HOST, HTTP_ADDR or --listen to expose it"
	case host == "" || (err == nil && ip.IsUnspecified()):
		return "on all interfaces: anyone who can reach this machine gets the superuser login"
	}
	return "on " + host + ": anyone who can reach that address gets the superuser login"
}

// App is a running Warden: the core and its components.
type App struct {
	Core *core.Core
	Ops  *core.OpsServer
	// Parts holds the wired components by name ("discord", "api",
	// "gateway"), so tests and the demo can reach them.
	Parts map[string]core.Component
}

// wiring adds one adapter's component(s) to an app. Each adapter has its
// own file in this package that registers its wiring from init, so adding
// an adapter never edits this file.
type wiring struct {
	order int
	name  string
	fn    func(a *App) error
}

var wirings []wiring

// addWiring registers an adapter's wiring; lower orders start first and
// stop last (Discord 10, dashboard API 20, gateway 30).
func addWiring(order int, name string, fn func(a *App) error) {
	wirings = append(wirings, wiring{order, name, fn})
	sort.SliceStable(wirings, func(i, j int) bool { return wirings[i].order < wirings[j].order })
}

// New builds the core and its components for a prepared cfg.
func New(cfg *core.Config, log *slog.Logger, opts core.Options) (*App, error) {
	opts.Logger = log
	c := core.New(cfg, opts)
	a := &App{Core: c, Ops: core.NewOpsServer(c), Parts: map[string]core.Component{}}
	for _, w := range wirings {
		if err := w.fn(a); err != nil {
			return nil, fmt.Errorf("wire %s: %w", w.name, err)
		}
	}
	return a, nil
}

// Add adds a component to the core and records it under its name.
func (a *App) Add(comp core.Component) {
	a.Parts[comp.Name()] = comp
	a.Core.AddComponent(comp)
}

// Start starts the operations listener, then the core.
func (a *App) Start(ctx context.Context) error {
	if err := a.Ops.Start(a.Core.Config().MetricsAddr); err != nil {
		return err
	}
	if err := a.Core.Start(ctx); err != nil {
		_ = a.Ops.Stop(context.WithoutCancel(ctx))
		return err
	}
	return nil
}

// Stop stops the core, then the operations listener, within ctx.
func (a *App) Stop(ctx context.Context) error {
	return errors.Join(a.Core.Stop(ctx), a.Ops.Stop(ctx))
}

// Run starts the app, waits for ctx to end, and stops it within the
// configured shutdown timeout.
func Run(ctx context.Context, cfg *core.Config, log *slog.Logger) error {
	a, err := New(cfg, log, core.Options{})
	if err != nil {
		return err
	}
	if err := a.Start(ctx); err != nil {
		return err
	}
	if cfg.Demo.Enabled {
		log.Warn("DEMO MODE: simulated Discord, one-click superuser login; not for production", "listening", listenScope(cfg.BindHost))
	}
	log.Info("dashboard", "url", cfg.PublicURL, "gateway", cfg.PublicWSURL)
	failure := a.Wait(ctx)
	if failure != nil {
		log.Error("shutting down: a component failed", "err", failure)
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	stopCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := a.Stop(stopCtx); err != nil {
		return errors.Join(failure, fmt.Errorf("shutdown: %w", err))
	}
	log.Info("stopped")
	return failure
}

// Wait blocks until ctx ends (nil) or a started component that is a
// core.Failer fails (its error, naming the component).
func (a *App) Wait(ctx context.Context) error {
	cases := []reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())}}
	var failers []core.Failer
	var names []string
	for name, comp := range a.Parts {
		if f, ok := comp.(core.Failer); ok && f.Failed() != nil {
			failers, names = append(failers, f), append(names, name)
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(f.Failed())})
		}
	}
	i, _, _ := reflect.Select(cases)
	if i == 0 {
		return nil
	}
	return fmt.Errorf("%s failed: %w", names[i-1], failers[i-1].Err())
}
