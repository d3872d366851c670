package core

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"

	"github.com/warden-bot/warden/core/store"
)

// Context is what the core hands a plugin: its logger, its collections,
// Broadcast, and owned background work. It is valid from Provision on.
type Context struct {
	// ID is the plugin's id.
	ID string
	// Logger is tagged with the plugin's id.
	Logger *slog.Logger

	core   *Core
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newContext(c *Core, id string) *Context {
	ctx, cancel := context.WithCancel(context.Background())
	return &Context{
		ID:     id,
		Logger: c.log.With("plugin", id),
		core:   c,
		ctx:    ctx,
		cancel: cancel,
	}
}

// Store returns the store. Plugins declare their collections with
// core.Declare, which names them "<plugin>_<name>"; Store is for
// transactions (Store().Tx) across them.
func (pc *Context) Store() *store.DB { return pc.core.store }

// Config returns the process configuration. Treat it as read-only.
func (pc *Context) Config() *Config { return pc.core.cfg }

// RecordActivity records something the plugin did for the dashboard's
// activity feed (see Core.RecordActivity).
func (pc *Context) RecordActivity(ctx context.Context, a Activity) error {
	if a.Plugin == "" {
		a.Plugin = pc.ID
	}
	return pc.core.RecordActivity(ctx, a)
}

// Access returns the access checker shared by the API and the gateway.
func (pc *Context) Access() AccessChecker { return pc.core.Access() }

// Broadcast publishes one of the plugin's declared events to a guild's room
// (or to GlobalRoom for events declared Global). Call it after the write the
// event describes has committed. A plugin may only send its own events.
func (pc *Context) Broadcast(guildID, event string, data any) error {
	if EventPlugin(event) != pc.ID {
		err := fmt.Errorf("plugin %s may not broadcast %q: %w", pc.ID, event, ErrUndeclaredEvent)
		pc.Logger.Error("broadcast refused", "event", event, "err", err)
		return err
	}
	if event == EventPermissionsUpdated {
		pc.core.InvalidateAccess(guildID)
	}
	return pc.core.bus.Broadcast(guildID, event, data)
}

// Done is closed when the plugin is being stopped.
func (pc *Context) Done() <-chan struct{} { return pc.ctx.Done() }

// Go runs fn in a goroutine the core owns: its context is canceled when the
// plugin stops, Stop waits for it, and a panic is recovered and logged with
// the plugin's name instead of taking the process down.
func (pc *Context) Go(name string, fn func(ctx context.Context)) {
	pc.wg.Add(1)
	go func() {
		defer pc.wg.Done()
		defer pc.Recover(name)
		fn(pc.ctx)
	}()
}

// Recover logs a panic with the plugin's name. Use it as
// `defer pc.Recover("what")` in handlers the core does not already guard.
func (pc *Context) Recover(what string) {
	if r := recover(); r != nil {
		pc.Logger.Error("recovered from panic", "in", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
}

// stop cancels the plugin's background work and waits for it, up to ctx.
func (pc *Context) stop(ctx context.Context) error {
	pc.cancel()
	done := make(chan struct{})
	go func() { pc.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("plugin %s: background work still running at shutdown deadline", pc.ID)
	}
}
