package discordbot_test

import (
	"context"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
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
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := startDiscord(t, func(c *core.Config) {
				c.Discord.Shards, c.Discord.ShardCount = tc.shards, tc.count
			})
			if n := env.sim.Sessions(); n != tc.sessions {
				t.Fatalf("gateway sessions = %d, want %d", n, tc.sessions)
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
