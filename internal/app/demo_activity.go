package app

import (
	"context"
	"fmt"
	"github.com/warden-bot/warden/core"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
)

// demoChatter is what demo members say when they behave.
var demoChatter = []string{
	"good morning everyone!", "has anyone tried the new update?", "lol that was close",
	"can a mod help me with my role?", "what time is the event tonight?",
	"thanks for the help yesterday", "gg", "anyone up for a game later?",
}

var demoDMs = []string{
	"hi, I was muted and I don't know why", "how do I appeal a ban?",
	"someone is sending me spam links", "can I apply to be a moderator?",
}

// The demo's staff: the admin owns every demo guild; the moderator holds
// the Moderator role and runs the moderation commands.
var (
	demoAdmin     = discordsim.UserID(1)
	demoModerator = discordsim.UserID(2)
)

// activityGenerator makes the simulated members act at a steady rate
// (messages, some of which trip automod, DMs, slash commands, joins and
// leaves, voice) and walks the gateway latency. Before the first action it
// runs prepare, which seeds the demo guilds. Its one goroutine is owned by
// start and stop; rng and walk are used only there.
type activityGenerator struct {
	sim     *discordsim.Server
	every   time.Duration
	log     *slog.Logger
	rng     *rand.Rand
	prepare func(context.Context) error
	// mix returns the commands the plugins give the demo (core.Demoer).
	mix    func() map[string]core.DemoCommand
	walk   latencyWalk
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newActivityGenerator(sim *discordsim.Server, perMinute int, log *slog.Logger, prepare func(context.Context) error, mix func() map[string]core.DemoCommand) *activityGenerator {
	g := &activityGenerator{sim: sim, log: log, rng: rand.New(rand.NewPCG(7, 11)), prepare: prepare, mix: mix}
	if perMinute > 0 {
		g.every = time.Minute / time.Duration(perMinute)
	}
	return g
}

// start runs the generator until stop. With no activity configured it does
// nothing at all: no seeding, no latency walk, quiet rooms.
func (g *activityGenerator) start(ctx context.Context) {
	if g.every == 0 {
		return
	}
	ctx, g.cancel = context.WithCancel(context.WithoutCancel(ctx))
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		g.run(ctx)
	}()
}

func (g *activityGenerator) run(ctx context.Context) {
	if g.prepare != nil {
		if err := g.prepare(ctx); err != nil && ctx.Err() == nil {
			g.log.Warn("demo guilds not fully seeded; activity goes on", "err", err)
		}
	}
	act := time.NewTicker(g.every)
	defer act.Stop()
	lat := time.NewTicker(demoLatencyEvery)
	defer lat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-act.C:
			g.step()
		case <-lat.C:
			g.sim.SetLatency(g.walk.next(g.rng))
		}
	}
}

func (g *activityGenerator) stop() {
	if g.cancel != nil {
		g.cancel()
	}
	g.wg.Wait()
}

// step performs one random action; failures are logged at debug level
// since the world may refuse some (a banned user cannot rejoin).
func (g *activityGenerator) step() {
	guilds := g.sim.Guilds()
	guild := guilds[g.rng.IntN(len(guilds))]
	members := g.sim.Members(guild)
	var humans, targets []discordsim.ID
	for _, m := range members {
		if m != discordsim.ApplicationID {
			humans = append(humans, m)
		}
		if m != discordsim.ApplicationID && m != demoAdmin && m != demoModerator {
			targets = append(targets, m)
		}
	}
	if len(targets) == 0 {
		return
	}
	user := humans[g.rng.IntN(len(humans))]
	target := targets[g.rng.IntN(len(targets))]
	info, _ := g.sim.Guild(guild)
	var err error
	switch roll := g.rng.IntN(100); {
	case roll < 35:
		err = g.chat(info, user, demoChatter[g.rng.IntN(len(demoChatter))])
	case roll < 50:
		err = g.misbehave(info, target, targets)
	case roll < 65:
		err = g.command(guild, info, user, target)
	case roll < 73:
		_, err = g.sim.SendDM(user, demoDMs[g.rng.IntN(len(demoDMs))])
	case roll < 85:
		err = g.joinOrLeave(guild, members)
	default:
		err = g.voice(guild, info, user)
	}
	if err != nil {
		g.log.Debug("demo action refused", "err", err)
	}
}

// chat posts in one of the community channels.
func (g *activityGenerator) chat(info discordsim.Guild, user discordsim.ID, text string) error {
	ch, ok := info.ChannelByName([]string{"general", "off-topic", "suggestions"}[g.rng.IntN(3)])
	if !ok {
		return nil
	}
	_, err := g.sim.SendMessage(ch.ID, user, text)
	return err
}

// misbehave posts what the seeded automod rules act on: an invite link, a
// mass mention, shouting, or the same message four times.
func (g *activityGenerator) misbehave(info discordsim.Guild, user discordsim.ID, others []discordsim.ID) error {
	switch g.rng.IntN(4) {
	case 0:
		return g.chat(info, user, "come join my server discord.gg/demo"+fmt.Sprint(g.rng.IntN(1000)))
	case 1:
		var b strings.Builder
		for i := 0; i < 6; i++ {
			fmt.Fprintf(&b, "<@%s> ", others[g.rng.IntN(len(others))])
		}
		return g.chat(info, user, b.String()+"wake up!")
	case 2:
		return g.chat(info, user, "WHY IS NOBODY ANSWERING MY QUESTION")
	}
	ch, ok := info.ChannelByName("general")
	if !ok {
		return nil
	}
	for i := 0; i < 4; i++ {
		if _, err := g.sim.SendMessage(ch.ID, user, "cheap followers at example.shop"); err != nil {
			return err
		}
	}
	return nil
}

// command runs a command a plugin gave the demo, with options built from
// its schema and the plugin's texts; staff commands are run by the staff
// (mostly the moderator) against target.
func (g *activityGenerator) command(guild discordsim.ID, info discordsim.Guild, user, target discordsim.ID) error {
	ch, ok := info.ChannelByName("general")
	if !ok {
		return nil
	}
	cmd, ok := pickCommand(g.rng, runnableCommands(g.sim.Commands(), g.mix()))
	if !ok {
		_, err := g.sim.SendMessage(ch.ID, user, "is the bot online?")
		return err
	}
	if cmd.staff {
		user = []discordsim.ID{demoModerator, demoModerator, demoAdmin}[g.rng.IntN(3)]
	}
	opts := fillOptions(g.rng, cmd.options, target, cmd.texts)
	var err error
	if cmd.sub != "" {
		_, err = g.sim.InvokeSubcommand(guild, ch.ID, user, cmd.name, cmd.sub, opts)
	} else {
		_, err = g.sim.InvokeCommand(guild, ch.ID, user, cmd.name, opts)
	}
	return err
}

func (g *activityGenerator) joinOrLeave(guild discordsim.ID, members []discordsim.ID) error {
	in := map[discordsim.ID]bool{}
	for _, m := range members {
		in[m] = true
	}
	var outside []discordsim.ID
	for i := 3; i <= g.sim.UserCount(); i++ {
		if !in[discordsim.UserID(i)] {
			outside = append(outside, discordsim.UserID(i))
		}
	}
	if len(outside) > 0 && g.rng.IntN(2) == 0 {
		return g.sim.JoinGuild(guild, outside[g.rng.IntN(len(outside))])
	}
	// Users 1 and 2 (admin, moderator) stay.
	leaver := discordsim.UserID(3 + g.rng.IntN(g.sim.UserCount()-2))
	if !in[leaver] {
		return nil
	}
	return g.sim.LeaveGuild(guild, leaver)
}

func (g *activityGenerator) voice(guild discordsim.ID, info discordsim.Guild, user discordsim.ID) error {
	var voice []discordsim.ID
	for _, c := range info.Channels {
		if c.Type == discordsim.ChannelVoice {
			voice = append(voice, c.ID)
		}
	}
	if len(voice) == 0 || g.rng.IntN(3) == 0 {
		return g.sim.SetVoice(guild, user, 0)
	}
	return g.sim.SetVoice(guild, user, voice[g.rng.IntN(len(voice))])
}
