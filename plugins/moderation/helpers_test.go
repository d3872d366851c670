package moderation

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

const (
	guildA = "300000000000000001"
	modA   = "100000000000000001"
	modB   = "100000000000000002"
	userX  = "200000000000000002"
	userY  = "200000000000000003"
)

// pluginConfig returns a plugins.moderation entry with the given YAML block.
func pluginConfig(t testing.TB, block string) core.PluginConfig {
	t.Helper()
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(block), &node); err != nil {
		t.Fatal(err)
	}
	return core.PluginConfig{Config: node}
}

// startCore starts a core with the moderation plugin on dataDir ("" for a
// fresh one) and returns it with the plugin's service.
func startCore(t testing.TB, dataDir, block string) (*core.Core, *Service) {
	t.Helper()
	cfg := testenv.Config(t, func(c *core.Config) {
		if dataDir != "" {
			c.DataDir = dataDir
		}
		c.Plugins = map[string]core.PluginConfig{ID: pluginConfig(t, block)}
	})
	c := testenv.Core(t, cfg, core.Options{})
	return c, service(t, c)
}

func service(t testing.TB, c *core.Core) *Service {
	t.Helper()
	p, ok := c.Plugin(ID)
	if !ok {
		t.Fatal("moderation plugin not running")
	}
	return p.(*Plugin).Service()
}

// recorder keeps every event the core's broker delivers for one guild.
type recorder struct {
	mu     sync.Mutex
	events []core.Event
	signal chan struct{}
}

func observe(t testing.TB, c *core.Core, guildID string) *recorder {
	t.Helper()
	r := &recorder{signal: make(chan struct{}, 1)}
	c.Broker().SetHandler(func(ev *core.Event) {
		r.mu.Lock()
		r.events = append(r.events, *ev)
		r.mu.Unlock()
		select {
		case r.signal <- struct{}{}:
		default:
		}
	})
	if err := c.Broker().Subscribe(context.Background(), guildID); err != nil {
		t.Fatal(err)
	}
	return r
}

// named returns the events so far with the given name.
func (r *recorder) named(name string) []core.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []core.Event
	for _, ev := range r.events {
		if ev.Name == name {
			out = append(out, ev)
		}
	}
	return out
}

// waitFor waits until n events of name arrived and returns them.
func (r *recorder) waitFor(t testing.TB, name string, n int) []core.Event {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if evs := r.named(name); len(evs) >= n {
			return evs
		}
		select {
		case <-r.signal:
		case <-deadline:
			t.Fatalf("waited for %d %s events, got %d", n, name, len(r.named(name)))
		}
	}
}

// waitUntil waits for an event of name whose payload passes ok.
func waitUntil[T any](t testing.TB, r *recorder, name string, ok func(T) bool) T {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		for _, ev := range r.named(name) {
			if v := decode[T](t, ev); ok(v) {
				return v
			}
		}
		select {
		case <-r.signal:
		case <-deadline:
			t.Fatalf("no %s event with the expected payload arrived", name)
		}
	}
}

func decode[T any](t testing.TB, ev core.Event) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(ev.Data, &v); err != nil {
		t.Fatalf("decode %s: %v", ev.Name, err)
	}
	return v
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func code(err error) core.Code {
	if err == nil {
		return ""
	}
	return core.AsUserError(err).Code
}
