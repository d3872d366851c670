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

// discoPlugin is a test plugin with commands, a listener and actions.
type discoPlugin struct {
	pc     *core.Context
	mu     sync.Mutex
	events []core.DiscordEvent
	got    chan struct{}
}

func (p *discoPlugin) PluginInfo() core.PluginInfo {
	return core.PluginInfo{ID: "disco", Name: "Disco"}
}
func (p *discoPlugin) Provision(pc *core.Context) error {
	p.pc = pc
	return nil
}
func (p *discoPlugin) Intents() core.Intents {
	return core.IntentGuildMessages | core.IntentMessageContent | core.IntentDirectMessages |
		core.IntentGuildMembers | core.IntentGuildVoiceStates
}

func (p *discoPlugin) Commands() []core.Command {
	return []core.Command{
		{
			Name: "ping", Description: "Answers pong.", Options: []core.CommandOption{
				{Type: core.OptionString, Name: "word", Description: "Echoed back."},
			},
			Handle: func(ctx context.Context, inv *core.Interaction) error {
				return inv.Reply(ctx, "pong "+inv.String("word")+" from "+inv.UserID, false)
			},
		},
		{
			Name: "slow", Description: "Defers, then answers.",
			Handle: func(ctx context.Context, inv *core.Interaction) error {
				if err := inv.Defer(ctx, true); err != nil {
					return err
				}
				if err := inv.Reply(ctx, "done", true); err != nil {
					return err
				}
				return inv.Followup(ctx, "and one more thing", false)
			},
		},
		{
			Name: "boom", Description: "Panics.",
			Handle: func(context.Context, *core.Interaction) error { panic("boom") },
		},
		{
			Name: "fail", Description: "Fails with a user error.",
			Handle: func(context.Context, *core.Interaction) error {
				return core.Errorf(core.CodeBadRequest, "you cannot do that here")
			},
		},
	}
}

func (p *discoPlugin) OnDiscordEvent(_ context.Context, ev core.DiscordEvent) {
	if m, ok := ev.(core.MessageCreated); ok && m.Content == "panic" {
		panic("listener panic")
	}
	p.mu.Lock()
	p.events = append(p.events, ev)
	p.mu.Unlock()
	select {
	case p.got <- struct{}{}:
	default:
	}
}

func (p *discoPlugin) snapshot() []core.DiscordEvent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]core.DiscordEvent(nil), p.events...)
}

// waitFor polls cond until it holds or the test's patience ends.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type discordEnv struct {
	sim    *discordsim.Server
	core   *core.Core
	bot    *discordbot.Discord
	plugin *discoPlugin
}

func startDiscord(t *testing.T, mutate ...func(*core.Config)) *discordEnv {
	t.Helper()
	sim := testenv.StartSim(t, discordsim.WithHeartbeatInterval(200*time.Millisecond))
	p := &discoPlugin{got: make(chan struct{}, 1)}
	c, d := startBot(t, sim, "disco", p, mutate...)
	waitFor(t, "every guild cached", func() bool { g, _ := d.Guilds(context.Background()); return len(g) == 2 })
	return &discordEnv{sim: sim, core: c, bot: d, plugin: p}
}

// startBot starts a core with one plugin (registered under id for the
// test) and the Discord component connected to sim, and waits until the
// bot is ready.
func startBot(t *testing.T, sim *discordsim.Server, id string, p core.Plugin, mutate ...func(*core.Config)) (*core.Core, *discordbot.Discord) {
	t.Helper()
	core.RegisterPlugin(core.PluginInfo{ID: id, Name: id, New: func() core.Plugin { return p }})
	t.Cleanup(func() { core.UnregisterPlugin(id) })
	c := core.New(testenv.Config(t, mutate...), core.Options{Logger: testenv.Logger(t)})
	d := discordbot.NewDiscord(c, discordbot.DiscordOptions{Token: sim.Token(), APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()})
	c.AddComponent(d)
	testenv.Start(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := d.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	return c, d
}

func TestDiscordConnectsAndFillsDirectory(t *testing.T) {
	env := startDiscord(t)
	ctx := context.Background()
	if !env.plugin.pc.Discord().Connected() || env.core.Directory() == nil {
		t.Fatal("the Discord component did not attach itself to the core")
	}
	guilds, err := env.bot.Guilds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g1 := discordsim.GuildID(1).String()
	if guilds[0].ID != g1 || guilds[0].Name != "Warden Demo 1" || guilds[0].OwnerID != discordsim.UserID(1).String() {
		t.Fatalf("first guild = %+v", guilds[0])
	}
	if cmds := env.sim.Commands()[""]; len(cmds) != 4 {
		t.Fatalf("registered global commands = %d, want 4", len(cmds))
	}
	tests := []struct {
		name     string
		user     discordsim.ID
		member   bool
		wantPerm uint64
	}{
		{"owner and admin", discordsim.UserID(1), true, core.PermAdministrator},
		{"moderator has manage server", discordsim.UserID(2), true, core.PermManageGuild},
		{"plain member", discordsim.UserID(5), true, 0},
		{"visitor is fetched over REST and not a member", discordsim.UserID(40), false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := env.bot.Member(ctx, g1, tc.user.String())
			if err != nil {
				t.Fatal(err)
			}
			if m.IsMember != tc.member || m.Permissions&tc.wantPerm != tc.wantPerm {
				t.Fatalf("member = %+v", m)
			}
			if tc.member && tc.wantPerm == 0 && m.Permissions&(core.PermAdministrator|core.PermManageGuild) != 0 {
				t.Fatalf("plain member has admin bits: %b", m.Permissions)
			}
		})
	}
	if n := len(env.sim.CallsTo("GET /guilds/{guild}/members/{user}")); n != 1 {
		t.Fatalf("REST member fetches = %d, want 1", n)
	}
	if _, err := env.bot.Member(ctx, g1, discordsim.UserID(40).String()); err != nil {
		t.Fatal(err)
	}
	if n := len(env.sim.CallsTo("GET /guilds/{guild}/members/{user}")); n != 1 {
		t.Fatalf("a second lookup within 30 s fetched again (%d calls)", n)
	}
}

func TestDiscordEventsReachPlugins(t *testing.T) {
	env := startDiscord(t)
	gid := discordsim.GuildID(1)
	g, _ := env.sim.Guild(gid)
	general, _ := g.ChannelByName("general")
	lounge, _ := g.ChannelByName("Lounge")
	steps := []func() error{
		func() error { _, err := env.sim.SendMessage(general.ID, discordsim.UserID(3), "panic"); return err },
		func() error { _, err := env.sim.SendMessage(general.ID, discordsim.UserID(3), "hello"); return err },
		func() error { _, err := env.sim.SendDM(discordsim.UserID(4), "help me"); return err },
		func() error { return env.sim.JoinGuild(gid, discordsim.UserID(41)) },
		func() error { return env.sim.SetVoice(gid, discordsim.UserID(3), lounge.ID) },
		func() error { return env.sim.LeaveGuild(gid, discordsim.UserID(41)) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "five events", func() bool { return countKinds(env.plugin.snapshot()) >= 5 })
	var kinds []string
	for _, ev := range env.plugin.snapshot() {
		switch e := ev.(type) {
		case core.MessageCreated:
			kinds = append(kinds, "message:"+e.Content)
		case core.DirectMessage:
			kinds = append(kinds, "dm:"+e.Content)
		case core.MemberJoined:
			kinds = append(kinds, "join:"+e.UserID)
		case core.VoiceStateChanged:
			kinds = append(kinds, "voice:"+e.ChannelID)
		case core.MemberLeft:
			kinds = append(kinds, "leave:"+e.UserID)
		}
	}
	want := []string{"message:hello", "join:" + discordsim.UserID(41).String(), "voice:" + lounge.ID.String(), "leave:" + discordsim.UserID(41).String()}
	var guildKinds []string
	dm := false
	for _, k := range kinds {
		if strings.HasPrefix(k, "dm:") {
			dm = dm || k == "dm:help me"
			continue
		}
		guildKinds = append(guildKinds, k)
	}
	// One guild's events arrive in order; DMs run on their own worker.
	if strings.Join(guildKinds, "|") != strings.Join(want, "|") || !dm {
		t.Fatalf("events = %v, want guild events %v in order (the panicking one dropped) and the DM", kinds, want)
	}
}

func countKinds(evs []core.DiscordEvent) int {
	n := 0
	for _, ev := range evs {
		if _, ok := ev.(core.GuildAvailable); !ok {
			n++
		}
	}
	return n
}

func TestDiscordResumesWithoutLosingEvents(t *testing.T) {
	env := startDiscord(t)
	g, _ := env.sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	env.sim.DropConnections()
	var want []string
	for i := range 5 {
		content := "while away " + string(rune('a'+i))
		want = append(want, content)
		if _, err := env.sim.SendMessage(general.ID, discordsim.UserID(3), content); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the missed messages", func() bool { return len(messages(env.plugin.snapshot())) >= 5 })
	if got := messages(env.plugin.snapshot()); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("messages after resume = %v, want %v", got, want)
	}
	if n := env.sim.Sessions(); n != 1 {
		t.Fatalf("sessions = %d: the client identified again instead of resuming", n)
	}
}

func messages(evs []core.DiscordEvent) []string {
	var out []string
	for _, ev := range evs {
		if m, ok := ev.(core.MessageCreated); ok {
			out = append(out, m.Content)
		}
	}
	return out
}
