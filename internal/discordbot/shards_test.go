package discordbot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestDiscordSharding(t *testing.T) {
	tests := []struct {
		name     string
		shards   string
		count    int
		sessions int
	}{
		{"auto asks Discord for the count", "auto", 0, 1},
		{"a list runs those shards in one process", "0,1", 2, 2},
		{"a range with the total", "0-1/2", 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := startDiscord(t, func(c *core.Config) {
				c.Discord.Shards, c.Discord.ShardCount = tc.shards, tc.count
			})
			if n := env.sim.Sessions(); n != tc.sessions {
				t.Fatalf("gateway sessions = %d, want %d", n, tc.sessions)
			}
			// A shard that waits its identify turn (5 s a shard here, 25
			// heartbeat intervals of the test's simulator) keeps reading
			// heartbeat ACKs meanwhile: one connection a shard, none
			// dropped as a zombie and resumed.
			if attempts := env.sim.GatewayAttempts(); len(attempts) != tc.sessions {
				t.Fatalf("gateway connections = %+v, want one a shard", attempts)
			}
			stats, err := env.bot.Stats(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if stats.Guilds != 2 {
				t.Fatalf("guilds across shards = %d, want 2", stats.Guilds)
			}
		})
	}
}

func TestDiscordRegistersCommandsPerGuildWhenConfigured(t *testing.T) {
	g1 := discordsim.GuildID(1).String()
	env := startDiscord(t, func(c *core.Config) { c.Discord.CommandGuilds = []string{g1} })
	cmds := env.sim.Commands()
	if len(cmds[g1]) != 4 || len(cmds[""]) != 0 {
		t.Fatalf("guild commands = %d, global = %d; want 4 and 0", len(cmds[g1]), len(cmds[""]))
	}
}

// TestShardsSplitAcrossProcesses runs one bot as two processes' worth of
// Discord components, "0/2" and "1/2", on one simulated Discord: each
// connects one shard, and together they hold every guild once.
func TestShardsSplitAcrossProcesses(t *testing.T) {
	sim := testenv.StartSim(t, discordsim.WithGuilds(6), discordsim.WithHeartbeatInterval(200*time.Millisecond))
	// The registry is the process's, so the two cores share one plugin
	// registration, each with its own instance.
	core.RegisterPlugin(core.PluginInfo{ID: "shardpart", Name: "shardpart",
		New: func() core.Plugin { return &discoPlugin{got: make(chan struct{}, 1)} }})
	t.Cleanup(func() { core.UnregisterPlugin("shardpart") })
	var bots []*discordbot.Discord
	for _, spec := range []string{"0/2", "1/2"} {
		c := core.New(testenv.Config(t, func(c *core.Config) { c.Discord.Shards = spec }), core.Options{Logger: testenv.Logger(t)})
		d := discordbot.NewDiscord(c, discordbot.DiscordOptions{Token: sim.Token(), APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()})
		c.AddComponent(d)
		testenv.Start(t, c)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := d.WaitReady(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		bots = append(bots, d)
	}
	if sim.Sessions() != 2 {
		t.Fatalf("gateway sessions = %d, want one per process", sim.Sessions())
	}
	var held map[string]int
	testenv.Eventually(t, time.Minute, "every guild held by a process", func() bool {
		held = map[string]int{}
		for _, d := range bots {
			guilds, _ := d.Guilds(context.Background())
			for _, g := range guilds {
				held[g.ID]++
			}
		}
		return len(held) == 6
	})
	for id, n := range held {
		if n != 1 {
			t.Errorf("guild %s is held by %d processes", id, n)
		}
	}
}

func TestParseShards(t *testing.T) {
	for _, tc := range []struct {
		spec  string
		count int
		ids   []int
		total int
		bad   string
	}{
		{spec: "0-3/16", ids: []int{0, 1, 2, 3}, total: 16},
		{spec: "0,1,5-7", count: 8, ids: []int{0, 1, 5, 6, 7}, total: 8},
		{spec: "3,1,3/4", ids: []int{3, 1}, total: 4},
		{spec: "0-3", bad: "total shard count"},
		{spec: "0-16/16", bad: "not below"},
		{spec: "3-1/8", bad: "not a shard id"},
		{spec: "a/2", bad: "not a shard id"},
		{spec: "0/x", bad: "shard count"},
		{spec: "0/4", count: 8, bad: "differs"},
	} {
		ids, total, err := core.ParseShards(tc.spec, tc.count)
		if tc.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tc.bad) {
				t.Errorf("%q: %v, want an error saying %q", tc.spec, err, tc.bad)
			}
			continue
		}
		if err != nil || total != tc.total || !slices.Equal(ids, tc.ids) {
			t.Errorf("%q: %v of %d (%v), want %v of %d", tc.spec, ids, total, err, tc.ids, tc.total)
		}
	}
}
