package discordbot_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// slowPlugin's /slow-answer handler waits to be released, then replies.
type slowPlugin struct{ release chan struct{} }

func (p *slowPlugin) PluginInfo() core.PluginInfo {
	return core.PluginInfo{ID: "slowpoke", Name: "Slowpoke"}
}

func (p *slowPlugin) Commands() []core.Command {
	return []core.Command{{Name: "slow-answer", Description: "Answers late.", DeferEphemeral: true,
		Handle: func(ctx context.Context, inv *core.Interaction) error {
			<-p.release
			if err := inv.Reply(ctx, "late but here", true); err != nil {
				return err
			}
			return inv.Reply(ctx, "and a second word", false)
		}}}
}

// TestSlowHandlerIsDeferred runs a handler that has not answered when the
// (injected) 2-second timer fires: the layer sends Discord a deferred
// ephemeral response, and the handler's later replies become the edit of
// the original response and a follow-up.
func TestSlowHandlerIsDeferred(t *testing.T) {
	sim := testenv.StartSim(t, discordsim.WithHeartbeatInterval(200*time.Millisecond))
	p := &slowPlugin{release: make(chan struct{})}
	core.RegisterPlugin(core.PluginInfo{ID: "slowpoke", Name: "slowpoke", New: func() core.Plugin { return p }})
	t.Cleanup(func() { core.UnregisterPlugin("slowpoke") })
	fire := make(chan func(), 1)
	var armed time.Duration
	timer := func(d time.Duration, f func()) func() bool {
		armed = d
		fire <- f
		return func() bool { return false } // it has fired by the time the handler returns
	}
	c := core.New(testenv.Config(t), core.Options{Logger: testenv.Logger(t)})
	d := discordbot.NewDiscord(c, discordbot.WithDeferTimer(discordbot.DiscordOptions{Token: sim.Token(), APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()}, timer))
	c.AddComponent(d)
	testenv.Start(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := d.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}

	g, _ := sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	it, err := sim.InvokeCommand(g.ID, general.ID, discordsim.UserID(3), "slow-answer", nil)
	if err != nil {
		t.Fatal(err)
	}
	var f func()
	select {
	case f = <-fire:
	case <-ctx.Done():
		t.Fatal("the automatic defer was never armed")
	}
	if armed != 2*time.Second {
		t.Fatalf("automatic defer armed for %v, want 2s", armed)
	}
	f() // the handler is still waiting: "2 s" have passed
	resp, err := it.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Flags int `json:"flags"`
	}
	_ = json.Unmarshal(resp.Data, &data)
	if resp.Type != 5 || data.Flags&(1<<6) == 0 {
		t.Fatalf("response type %d flags %d, want a deferred ephemeral message (5, 64)", resp.Type, data.Flags)
	}
	close(p.release)
	testenv.Eventually(t, 30*time.Second, "the late reply as an edit and a follow-up", func() bool {
		return len(sim.CallsTo("PATCH /webhooks/{app}/{token}/messages/@original")) == 1 &&
			len(sim.CallsTo("POST /webhooks/{app}/{token}")) == 1
	})
	var edit struct {
		Content string `json:"content"`
	}
	_ = json.Unmarshal(sim.CallsTo("PATCH /webhooks/{app}/{token}/messages/@original")[0].Body, &edit)
	if edit.Content != "late but here" {
		t.Fatalf("edit %q", edit.Content)
	}
}
