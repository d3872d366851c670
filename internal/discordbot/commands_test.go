package discordbot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestDiscordSlashCommands(t *testing.T) {
	env := startDiscord(t)
	g, _ := env.sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	user := discordsim.UserID(5)
	tests := []struct {
		name     string
		command  string
		options  map[string]any
		want     string
		activity string
	}{
		{"reply", "ping", map[string]any{"word": "hi"}, "pong hi from " + user.String(), core.ActivitySuccess},
		{"user error becomes an ephemeral reply", "fail", nil, "you cannot do that here", core.ActivityError},
		{"panic is recovered and answered", "boom", nil, "something went wrong", core.ActivityError},
		{"the bot still answers after a panic", "ping", nil, "pong  from", core.ActivitySuccess},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			it, err := env.sim.InvokeCommand(g.ID, general.ID, user, tc.command, tc.options)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := it.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Type != 4 || !strings.Contains(resp.Content(), tc.want) {
				t.Fatalf("response = %d %q, want it to contain %q", resp.Type, resp.Content(), tc.want)
			}
			waitFor(t, "the run recorded", func() bool {
				recent, _ := env.core.RecentActivity(ctx, g.ID.String(), 50)
				for _, a := range recent {
					if a.Kind == "command" && a.Command == tc.command && a.Plugin == "disco" && a.Type == tc.activity && a.UserID == user.String() {
						return true
					}
				}
				return false
			})
		})
	}
	t.Run("an answer that does not reach Discord is recorded as such", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		env.sim.FailNext("POST /interactions/{id}/{token}/callback", 1, 404, 10062, "Unknown interaction")
		if _, err := env.sim.InvokeCommand(g.ID, general.ID, user, "ping", map[string]any{"word": "lost"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the run recorded with its lost answer", func() bool {
			recent, _ := env.core.RecentActivity(ctx, g.ID.String(), 50)
			for _, a := range recent {
				if a.Command == "ping" && a.Type == core.ActivityError && strings.Contains(a.Message, "ran in Warden Demo 1, but its answer did not reach Discord") {
					return true
				}
			}
			return false
		})
	})
	t.Run("deferred reply is edited, then followed up", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		it, err := env.sim.InvokeCommand(g.ID, general.ID, user, "slow", nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp, err := it.Wait(ctx); err != nil || resp.Type != 5 {
			t.Fatalf("response = %+v, %v; want a deferred message (5)", resp, err)
		}
		waitFor(t, "the edit and the follow-up", func() bool {
			return len(env.sim.CallsTo("POST /webhooks/{app}/{token}")) == 1 &&
				len(env.sim.CallsTo("PATCH /webhooks/{app}/{token}/messages/@original")) == 1
		})
	})
	stats, err := env.bot.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Guilds != 2 || stats.CommandsRegistered != 4 || stats.LastCommandAt == nil || stats.RegisteredUsers != 1 {
		t.Fatalf("stats = %+v", stats)
	}
}

// The Discord component measures the heartbeat latency; it broadcasts
// nothing itself: dashboard:stats_updated has one sender, the dashboard
// API's stats loop (dashboardapi's TestStatsUpdatedHasOneShape).
func TestDiscordLatencyIsMeasured(t *testing.T) {
	env := startDiscord(t)
	env.sim.SetLatency(60 * time.Millisecond)
	testenv.Eventually(t, 15*time.Second, "a measured latency of 20 ms or more on one shard", func() bool {
		stats, err := env.bot.Stats(context.Background())
		return err == nil && stats.LatencyMs >= 20 && len(stats.Shards) == 1
	})
}

func TestDiscordErrorsAreTyped(t *testing.T) {
	env := startDiscord(t)
	ctx := context.Background()
	act := env.plugin.pc.Discord()
	g := discordsim.GuildID(1).String()
	tests := []struct {
		name     string
		fail     func()
		do       func() error
		sentinel error
		code     core.Code
	}{
		{"missing permissions", func() {
			env.sim.FailNext("PUT /guilds/{guild}/bans/{user}", 1, 403, discordsim.CodeMissingPermissions, "Missing Permissions")
		}, func() error { return act.Ban(ctx, g, discordsim.UserID(5).String(), 0, "test") }, core.ErrDiscordMissingPermissions, core.CodeForbidden},
		{"unknown member", func() {}, func() error {
			return act.Timeout(ctx, g, discordsim.UserID(44).String(), time.Now().Add(time.Hour), "test")
		}, core.ErrDiscordUnknownMember, core.CodeNotFound},
		{"unknown channel", func() {}, func() error {
			_, err := act.SendMessage(ctx, "123456789012345678", "hi")
			return err
		}, core.ErrDiscordUnknownChannel, core.CodeNotFound},
		{"bad id is a bad request", func() {}, func() error { return act.Kick(ctx, g, "nope", "") }, nil, core.CodeBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fail()
			err := tc.do()
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Fatalf("err = %v, want %v", err, tc.sentinel)
			}
			if ue := core.AsUserError(err); ue.Code != tc.code || ue.Message == "" {
				t.Fatalf("user error = %+v, want code %s", ue, tc.code)
			}
		})
	}
	// A rate limit is waited out by disgo's limiter, not surfaced.
	env.sim.FailNext("PUT /guilds/{guild}/members/{user}/roles/{role}", 1, 429, 0, "")
	if err := act.AddRole(ctx, g, discordsim.UserID(5).String(), discordsim.RoleID(1, discordsim.RoleModerator).String(), ""); err != nil {
		t.Fatalf("add role after one 429: %v", err)
	}
	if m, _ := env.sim.Member(discordsim.GuildID(1), discordsim.UserID(5)); len(m.Roles) != 2 {
		t.Fatalf("roles = %v", m.Roles)
	}
}
