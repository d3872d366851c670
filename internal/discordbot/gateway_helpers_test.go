package discordbot_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// logBook is a slog handler that keeps every record (as one text line)
// so that tests can check what an operator would read.
type logBook struct {
	mu    *sync.Mutex
	lines *[]string
	attrs []slog.Attr
}

func newLogBook() *logBook { return &logBook{mu: &sync.Mutex{}, lines: &[]string{}} }

func (b *logBook) Enabled(context.Context, slog.Level) bool { return true }

func (b *logBook) Handle(_ context.Context, r slog.Record) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s", r.Level, r.Message)
	for _, a := range b.attrs {
		fmt.Fprintf(&sb, " %s=%v", a.Key, a.Value)
	}
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&sb, " %s=%v", a.Key, a.Value)
		return true
	})
	b.mu.Lock()
	*b.lines = append(*b.lines, sb.String())
	b.mu.Unlock()
	return nil
}

func (b *logBook) WithAttrs(as []slog.Attr) slog.Handler {
	return &logBook{mu: b.mu, lines: b.lines, attrs: append(append([]slog.Attr(nil), b.attrs...), as...)}
}

func (b *logBook) WithGroup(string) slog.Handler { return b }

// find returns the lines holding every one of parts.
func (b *logBook) find(parts ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
next:
	for _, l := range *b.lines {
		for _, p := range parts {
			if !strings.Contains(l, p) {
				continue next
			}
		}
		out = append(out, l)
	}
	return out
}

func (b *logBook) dump(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	t.Log("log:\n" + strings.Join(*b.lines, "\n"))
}

// gwEnv is a core with one plugin and the Discord component connected to
// a simulator, with a fake gateway clock and a log book.
type gwEnv struct {
	sim   *discordsim.Server
	core  *core.Core
	bot   *discordbot.Discord
	clock *discordbot.FakeClock
	log   *logBook
}

// startGateway starts the bot without waiting for it to be ready (some
// tests expect it never to be). Before start, prepare may set faults on
// the simulator.
func startGateway(t *testing.T, sim *discordsim.Server, clock *discordbot.FakeClock, p core.Plugin, mutate ...func(*core.Config)) *gwEnv {
	t.Helper()
	const id = "disco"
	core.RegisterPlugin(core.PluginInfo{ID: id, Name: id, New: func() core.Plugin { return p }})
	t.Cleanup(func() { core.UnregisterPlugin(id) })
	book := newLogBook()
	t.Cleanup(func() {
		if t.Failed() {
			book.dump(t)
		}
	})
	c := core.New(testenv.Config(t, mutate...), core.Options{Logger: slog.New(book)})
	d := discordbot.NewDiscord(c, discordbot.WithGatewayClock(discordbot.DiscordOptions{Token: sim.Token(), APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()}, clock))
	c.AddComponent(d)
	testenv.Start(t, c)
	return &gwEnv{sim: sim, core: c, bot: d, clock: clock, log: book}
}

func (e *gwEnv) waitReady(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := e.bot.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
}

// waitAttempts waits until the simulator has seen n gateway connections
// that sent op ("" for any), and returns them all.
func (e *gwEnv) waitAttempts(t *testing.T, n int, op string) []discordsim.GatewayAttempt {
	t.Helper()
	var got []discordsim.GatewayAttempt
	waitFor(t, fmt.Sprintf("%d gateway connections", n), func() bool {
		got = e.sim.GatewayAttempts()
		return len(got) >= n && (op == "" || got[n-1].Op == op)
	})
	return got
}
