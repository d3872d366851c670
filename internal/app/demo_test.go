package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestDemoStartsGeneratesActivityAndStops(t *testing.T) {
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Demo = core.DemoConfig{Enabled: true, Guilds: 2, ActivityPerMinute: 3000}
	})
	c := core.New(cfg, core.Options{Logger: testenv.Logger(t)})
	d := newDemo(c)
	c.AddComponent(d)
	stop := testenv.Start(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := d.Discord().WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	admin := discordsim.UserID(1).String()
	checks := []struct {
		name string
		ok   bool
	}{
		{"demo admin is set for the one-click login", cfg.Discord.DemoAdminID == admin},
		{"demo admin is a superuser", cfg.IsSuperuser(admin)},
		{"OAuth2 goes to the simulator", strings.HasPrefix(cfg.Discord.AuthorizeURL, "http://127.0.0.1:")},
		{"client id is the simulated application", cfg.DiscordClientID == discordsim.ApplicationID.String()},
		{"the core has the directory", c.Directory() != nil},
	}
	for _, ck := range checks {
		if !ck.ok {
			t.Errorf("%s: no", ck.name)
		}
	}
	var guilds []core.GuildSummary
	var err error
	for i := 0; i < 200 && len(guilds) < 2; i++ {
		guilds, err = c.Directory().Guilds(ctx)
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil || len(guilds) != 2 || guilds[0].ID != discordsim.GuildID(1).String() {
		t.Fatalf("guilds = %v, %v", guilds, err)
	}
	sim := d.Sim()
	testenv.Eventually(t, 20*time.Second, "5 demo messages", func() bool { return messages(sim) >= 5 })
	stop()
	if t.Failed() {
		t.FailNow()
	}
	after := messages(sim)
	time.Sleep(100 * time.Millisecond)
	if messages(sim) != after {
		t.Fatal("the activity generator kept running after stop")
	}
	if sim.Connected() != 0 {
		t.Fatal("a gateway connection outlived the stop")
	}
}

// messages counts the messages members posted in the demo guilds.
func messages(sim *discordsim.Server) int {
	n := 0
	for _, gid := range sim.Guilds() {
		g, _ := sim.Guild(gid)
		for _, name := range []string{"general", "off-topic", "suggestions"} {
			if ch, ok := g.ChannelByName(name); ok {
				n += len(sim.Messages(ch.ID))
			}
		}
	}
	return n
}
