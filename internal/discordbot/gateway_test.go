package discordbot_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

func newDisco() *discoPlugin { return &discoPlugin{got: make(chan struct{}, 1)} }

// simFast starts a simulator whose heartbeat interval is long enough that
// a busy machine never delays an ACK past it: only the zombie test, which
// drops ACKs, wants a short one.
func simFast(t *testing.T, opts ...discordsim.ConfigOpt) *discordsim.Server {
	return testenv.StartSim(t, append([]discordsim.ConfigOpt{discordsim.WithHeartbeatInterval(30 * time.Second)}, opts...)...)
}

// TestGatewayBacksOffAgainstAServerThatClosesAtOnce is the tight loop
// found against Spacebar: a server that accepts each connection and cuts
// it at once. The waits grow across attempts (they used to restart at
// 0–250 ms each time), so ten minutes see a bounded number of attempts.
func TestGatewayBacksOffAgainstAServerThatClosesAtOnce(t *testing.T) {
	sim := simFast(t)
	sim.CloseOnConnect(0)
	env := startGateway(t, sim, discordbot.NewFakeClock(true), newDisco())
	waitFor(t, "ten simulated minutes of reconnects", func() bool {
		var total time.Duration
		for _, d := range env.clock.Sleeps() {
			total += d
		}
		return total >= 10*time.Minute
	})
	sleeps := env.clock.Sleeps()
	var total time.Duration
	inTenMinutes := 0
	for i, d := range sleeps {
		total += d
		if total <= 10*time.Minute {
			inTenMinutes++
		}
		switch {
		case i > 0 && i < 7 && d < sleeps[i-1]:
			t.Fatalf("wait %d (%v) is shorter than the one before (%v): %v", i, d, sleeps[i-1], sleeps)
		case i >= 7 && (d < 30*time.Second || d > time.Minute):
			t.Fatalf("wait %d = %v, want the capped 30–60 s: %v", i, d, sleeps)
		}
	}
	if inTenMinutes > 30 {
		t.Fatalf("%d reconnects in ten minutes, want at most 30 (waits %v)", inTenMinutes, sleeps)
	}
	if len(env.log.find("gateway reconnecting", "attempt=")) == 0 {
		t.Fatal("reconnects were not logged")
	}
	// Once the server behaves, the bot connects.
	sim.CloseOnConnect(-1)
	env.waitReady(t)
}

// TestGatewayBackoffResetsOnlyAfterAStableReady: two drops in a row wait
// longer the second time; a drop after a minute of READY starts over.
func TestGatewayBackoffResetsOnlyAfterAStableReady(t *testing.T) {
	sim := simFast(t)
	env := startGateway(t, sim, discordbot.NewFakeClock(false), newDisco())
	env.waitReady(t)
	for i := 2; i <= 3; i++ {
		sim.DropConnections()
		env.waitAttempts(t, i, "resume")
		env.waitReady(t)
	}
	env.clock.Advance(2 * time.Minute)
	sim.DropConnections()
	env.waitAttempts(t, 4, "resume")
	s := env.clock.Sleeps()
	if len(s) != 3 || s[0] >= 250*time.Millisecond || s[1] < 500*time.Millisecond || s[2] >= 250*time.Millisecond {
		t.Fatalf("waits = %v, want <250ms, then 0.5–1s, then <250ms after a stable minute", s)
	}
}

// TestGatewayFatalCloseCodesStopWithAClearError: each code that forbids
// reconnecting fails the component (the app exits on it) with an error
// that says what to do, logged at ERROR, after one attempt.
func TestGatewayFatalCloseCodesStopWithAClearError(t *testing.T) {
	tests := []struct {
		code int
		want []string
	}{
		{4004, []string{"rejected the bot token", "DISCORD_TOKEN"}},
		{4010, []string{"DISCORD_SHARDS", "DISCORD_SHARD_COUNT"}},
		{4011, []string{"DISCORD_SHARDS=auto"}},
		{4012, []string{"DISCORD_GATEWAY_URL"}},
		{4013, []string{"Intents()", "intents 37507"}},
		{4014, []string{"Server Members Intent", "Message Content Intent", "disco", "Privileged Gateway Intents"}},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			sim := simFast(t)
			sim.CloseOnIdentify(tc.code)
			env := startGateway(t, sim, discordbot.NewFakeClock(true), newDisco())
			select {
			case <-env.bot.Failed():
			case <-time.After(30 * time.Second):
				t.Fatal("the Discord component did not fail")
			}
			err := env.bot.Err()
			var gce *core.GatewayClosedError
			if !errors.Is(err, core.ErrDiscordGatewayClosed) || !errors.As(err, &gce) || gce.Code != tc.code {
				t.Fatalf("err = %v, want a GatewayClosedError with %d", err, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if len(env.log.find("ERROR", tc.want[0])) == 0 {
				t.Error("no ERROR log line names the cause")
			}
			if n := len(sim.GatewayAttempts()); n != 1 {
				t.Errorf("gateway connections = %d, want 1 (no reconnect after a fatal code)", n)
			}
			if rerr := env.core.Ready(context.Background())["discord"]; !errors.Is(rerr, core.ErrDiscordGatewayClosed) {
				t.Errorf("readiness = %v, want the fatal error", rerr)
			}
		})
	}
}

// TestGatewayLogsWhoClosedTheConnection: a TCP drop is the network; a
// close frame is Discord.
func TestGatewayLogsWhoClosedTheConnection(t *testing.T) {
	sim := simFast(t)
	env := startGateway(t, sim, discordbot.NewFakeClock(false), newDisco())
	env.waitReady(t)
	if len(env.log.find("INFO gateway ready", "session=", "shard=0", "guilds=2")) != 1 {
		t.Fatal("READY was not logged at INFO with session, shard and guild count")
	}
	sim.DropConnections()
	env.waitAttempts(t, 2, "resume")
	if len(env.log.find("gateway connection lost")) != 1 || len(env.log.find("closed by Discord")) != 0 {
		t.Fatal("a TCP drop was not logged as a lost connection")
	}
	env.waitReady(t)
	sim.CloseConnections(4000, "Unknown error")
	env.waitAttempts(t, 3, "resume")
	if len(env.log.find("gateway closed by Discord", "code=4000")) != 1 {
		t.Fatal("a close frame from Discord was not logged with its code")
	}
}

// TestGatewayRecovers covers the ways Discord asks a client to reconnect.
// Each ends with the bot ready again on the way the protocol asks for.
func TestGatewayRecovers(t *testing.T) {
	tests := []struct {
		name     string
		fault    func(*discordsim.Server)
		op       string // what the new connection sends
		logged   string
		sessions int
	}{
		{"a network drop resumes", (*discordsim.Server).DropConnections, "resume", "connection lost", 1},
		{"op 7 reconnect resumes", (*discordsim.Server).SendReconnect, "resume", "(op 7)", 1},
		{"a zombie connection resumes", func(s *discordsim.Server) { s.SetHeartbeatACKs(false) }, "resume", "zombie", 1},
		{"op 9 resumable resumes after 1–5 s", func(s *discordsim.Server) { s.InvalidateSessions(true) }, "resume", "(op 9)", 1},
		{"op 9 identifies again after 1–5 s", func(s *discordsim.Server) { s.InvalidateSessions(false) }, "identify", "(op 9)", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []discordsim.ConfigOpt
			if strings.Contains(tc.name, "zombie") {
				opts = append(opts, discordsim.WithHeartbeatInterval(time.Second))
			}
			sim := simFast(t, opts...)
			env := startGateway(t, sim, discordbot.NewFakeClock(false), newDisco())
			env.waitReady(t)
			first := sim.GatewayAttempts()[0]
			seq, _ := sim.SessionSeq(first.SessionID)
			tc.fault(sim)
			got := env.waitAttempts(t, 2, tc.op)[1]
			sim.SetHeartbeatACKs(true)
			env.waitReady(t)
			if tc.op == "resume" && (got.Path != "/gateway-resume" || got.SessionID != first.SessionID || got.Seq != seq) {
				t.Fatalf("resumed with %+v, want session %s seq %d at /gateway-resume", got, first.SessionID, seq)
			}
			if tc.op == "identify" && got.Path != "/gateway" {
				t.Fatalf("identified again at %s, want the gateway URL", got.Path)
			}
			if strings.Contains(tc.name, "op 9") {
				if s := env.clock.Sleeps(); len(s) == 0 || s[0] < time.Second || s[0] >= 5*time.Second {
					t.Fatalf("waits = %v, want a first wait of 1–5 s", s)
				}
			}
			if n := sim.Sessions(); n != tc.sessions {
				t.Fatalf("sessions = %d, want %d", n, tc.sessions)
			}
			if len(env.log.find(tc.logged)) == 0 {
				t.Fatalf("nothing logged about %q", tc.logged)
			}
		})
	}
}

// TestGatewayIdentifiesWithinMaxConcurrency: shards with the same
// shard_id % max_concurrency identify 5 s apart; others together.
func TestGatewayIdentifiesWithinMaxConcurrency(t *testing.T) {
	tests := []struct {
		concurrency int
		want        []time.Duration // the identify waits, sorted
	}{
		{1, []time.Duration{5 * time.Second, 10 * time.Second, 15 * time.Second}},
		{2, []time.Duration{5 * time.Second, 5 * time.Second}},
	}
	for _, tc := range tests {
		t.Run("max_concurrency "+string(rune('0'+tc.concurrency)), func(t *testing.T) {
			sim := simFast(t, discordsim.WithMaxConcurrency(tc.concurrency))
			env := startGateway(t, sim, discordbot.NewFakeClock(false), newDisco(), func(c *core.Config) {
				c.Discord.Shards, c.Discord.ShardCount = "0,1,2,3", 4
			})
			env.waitReady(t)
			waitFor(t, "four sessions", func() bool { return sim.Sessions() == 4 })
			got := env.clock.Sleeps()
			slices.Sort(got)
			if len(got) != len(tc.want) {
				t.Fatalf("identify waits = %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("identify waits = %v, want %v", got, tc.want)
				}
			}
		})
	}
}
