package discordbot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestDiscordStartSaysWhatIsWrongWithTheToken: a token Discord rejects and
// a token that cannot be one both point at DISCORD_TOKEN.
func TestDiscordStartSaysWhatIsWrongWithTheToken(t *testing.T) {
	sim := simFast(t)
	good := sim.Token()
	tests := []struct {
		name  string
		token string
		is    error
		want  string
	}{
		{"rejected by Discord", good[:strings.LastIndex(good, ".")] + ".d3Jvbmc", core.ErrDiscordBadToken, "set DISCORD_TOKEN"},
		{"not a token", "not-a-token", discordbot.ErrDiscordTokenFormat, "DISCORD_TOKEN is not a bot token: it has 1 dot-separated parts"},
		{"with a Bot prefix", "Bot " + good, discordbot.ErrDiscordTokenFormat, "starts with \"Bot \""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := core.New(testenv.Config(t), core.Options{Logger: testenv.Logger(t)})
			c.AddComponent(discordbot.NewDiscord(c, discordbot.DiscordOptions{Token: tc.token, APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()}))
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := c.Start(ctx)
			if err == nil {
				_ = c.Stop(ctx)
				t.Fatal("started with a bad token")
			}
			t.Logf("start error: %v", err)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "did not accept the request") {
				t.Fatalf("err = %v, want %v saying %q", err, tc.is, tc.want)
			}
		})
	}
}

// badCommandPlugin provides one command Discord refuses and one it takes.
type badCommandPlugin struct{ discoPlugin }

func (p *badCommandPlugin) Commands() []core.Command {
	ok := func(ctx context.Context, inv *core.Interaction) error { return inv.Reply(ctx, "ok", false) }
	return []core.Command{
		{Name: "Bad Name", Description: "Not a valid name.", Handle: ok},
		{Name: "fine", Description: "A valid command.", Handle: ok},
	}
}

// TestDiscordLeavesOutACommandDiscordRefuses: one bad command does not
// stop the bot; it is left out with Discord's field errors at ERROR.
func TestDiscordLeavesOutACommandDiscordRefuses(t *testing.T) {
	sim := simFast(t)
	env := startGateway(t, sim, discordbot.NewFakeClock(false), &badCommandPlugin{discoPlugin{got: make(chan struct{}, 1)}})
	env.waitReady(t)
	cmds := sim.Commands()[""]
	if len(cmds) != 1 || cmds[0].Name != "fine" {
		t.Fatalf("registered = %+v, want only /fine", cmds)
	}
	if len(env.log.find("ERROR", "refused a slash command", "plugin=disco", "command=/Bad Name", "name: APPLICATION_COMMAND_INVALID_NAME")) != 1 {
		t.Fatal("the refused command was not logged at ERROR with its plugin and field errors")
	}
	g, _ := sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	it, err := sim.InvokeCommand(g.ID, general.ID, discordsim.UserID(5), "fine", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := it.Wait(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestDiscordRunsAnInteractionDeliveredTwiceOnce: Discord delivering one
// interaction twice must not run its handler twice (two /warn cases).
func TestDiscordRunsAnInteractionDeliveredTwiceOnce(t *testing.T) {
	env := startDiscord(t)
	g, _ := env.sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	first, err := env.sim.InvokeCommand(g.ID, general.ID, discordsim.UserID(5), "ping", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	first.Redeliver()
	// One guild's interactions run in order on one worker: once a later
	// one is answered, the repeat has been handled (or dropped).
	later, err := env.sim.InvokeCommand(g.ID, general.ID, discordsim.UserID(5), "ping", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := later.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range env.sim.CallsTo("POST /interactions/{id}/{token}/callback") {
		if strings.Contains(c.Path, "/"+first.ID.String()+"/") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the handler answered the twice-delivered interaction %d times, want 1", n)
	}
}

func TestSeenSetIsBoundedAndTimeLimited(t *testing.T) {
	clock := discordbot.NewFakeClock(false)
	first := discordbot.SeenSetFirstTime(3, time.Minute, clock.Now)
	steps := []struct {
		advance time.Duration
		id      string
		want    bool
	}{
		{0, "a", true},
		{0, "a", false},
		{0, "b", true},
		{0, "c", true},
		{0, "d", true},  // the set holds 3: "a" is forgotten
		{0, "a", true},  // so it is new again
		{0, "d", false}, // "d" is still held
		{2 * time.Minute, "d", true},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		if got := first(s.id); got != s.want {
			t.Fatalf("step %d: firstTime(%q) = %v, want %v", i, s.id, got, s.want)
		}
	}
}
