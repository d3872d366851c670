package discordbot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// stuckPlugin's /stuck handler and its event listener block until
// released, whatever their context says: a plugin that ignores its
// deadline.
type stuckPlugin struct {
	started chan struct{}
	release chan struct{}
	once    sync.Once
}

func (p *stuckPlugin) PluginInfo() core.PluginInfo {
	return core.PluginInfo{ID: "stuck", Name: "Stuck"}
}
func (p *stuckPlugin) Intents() core.Intents { return core.IntentGuildMessages }

func (p *stuckPlugin) Commands() []core.Command {
	return []core.Command{{Name: "stuck", Description: "Never answers in time.", Handle: func(ctx context.Context, inv *core.Interaction) error {
		p.once.Do(func() { close(p.started) })
		<-p.release
		return inv.Reply(context.Background(), "finally", false)
	}}}
}

func (p *stuckPlugin) OnDiscordEvent(_ context.Context, ev core.DiscordEvent) {
	if _, ok := ev.(core.MessageCreated); ok {
		<-p.release
	}
}

// TestStuckPluginDelaysNoOtherPlugin blocks one plugin's command and
// event handlers, then runs another plugin's command and a message
// through: the other plugin answers and receives its events while the
// stuck one is still stuck, and the queue depth and handler time show in
// the metrics.
func TestStuckPluginDelaysNoOtherPlugin(t *testing.T) {
	sim := testenv.StartSim(t, discordsim.WithHeartbeatInterval(200*time.Millisecond))
	stuck := &stuckPlugin{started: make(chan struct{}), release: make(chan struct{})}
	core.RegisterPlugin(core.PluginInfo{ID: "stuck", Name: "stuck", New: func() core.Plugin { return stuck }})
	t.Cleanup(func() { core.UnregisterPlugin("stuck") })
	released := sync.OnceFunc(func() { close(stuck.release) })
	t.Cleanup(released) // before the core stops (cleanups run last-first)
	c, _ := startBot(t, sim, "disco", newDisco())
	t.Cleanup(released)

	guild, _ := sim.Guild(discordsim.GuildID(1))
	general, _ := guild.ChannelByName("general")
	g, ch, user := guild.ID, general.ID, discordsim.UserID(3)
	if _, err := sim.InvokeCommand(g, ch, user, "stuck", nil); err != nil {
		t.Fatal(err)
	}
	<-stuck.started
	// The stuck plugin's listener now blocks too, on every message.
	for range 3 {
		if _, err := sim.SendMessage(ch, user, "hello"); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	it, err := sim.InvokeCommand(g, ch, user, "ping", map[string]any{"word": "still"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := it.Wait(ctx)
	if err != nil {
		t.Fatalf("the other plugin's command did not answer while one plugin is stuck: %v", err)
	}
	if !strings.HasPrefix(resp.Content(), "pong still") {
		t.Fatalf("ping answered %q", resp.Content())
	}
	testenv.Eventually(t, 30*time.Second, "the stuck plugin's queue depth in the metrics", func() bool {
		return metricValue(t, c, "warden_discord_queue_depth", "stuck") >= 1
	})
	testenv.Eventually(t, 30*time.Second, "disco's handler time in the metrics", func() bool {
		return metricValue(t, c, "warden_discord_handler_seconds", "disco") >= 1
	})
}

// metricValue is a gauge's value, or a histogram's sample count, for the
// plugin's label.
func metricValue(t *testing.T, c *core.Core, name, plugin string) float64 {
	t.Helper()
	mfs, err := c.Metrics().Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "plugin" && l.GetValue() == plugin {
					if m.GetGauge() != nil {
						sum += m.GetGauge().GetValue()
					}
					if m.GetHistogram() != nil {
						sum += float64(m.GetHistogram().GetSampleCount())
					}
				}
			}
		}
	}
	return sum
}

var _ = discordbot.WithDeferTimer
