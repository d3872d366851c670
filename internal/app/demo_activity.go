package app

import (
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
)

// Messages the demo members post; some trip automod on purpose.
var demoMessages = []string{
	"good morning everyone!", "has anyone tried the new update?", "lol that was close",
	"can a mod help me with my role?", "FREE NITRO CLICK HERE discord-gift.example/abc",
	"check out my server discord.gg/spam123", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"what time is the event tonight?", "thanks for the help yesterday", "gg",
}

var demoDMs = []string{
	"hi, I was muted and I don't know why", "how do I appeal a ban?",
	"someone is sending me spam links", "can I apply to be a moderator?",
}

// activityGenerator makes the simulated members act at a steady rate:
// messages, DMs, slash commands, joins and leaves, voice. Its one goroutine
// is owned by start/stop.
type activityGenerator struct {
	sim    *discordsim.Server
	every  time.Duration
	log    *slog.Logger
	rng    *rand.Rand
	stopCh chan struct{}
	wg     sync.WaitGroup
}

func newActivityGenerator(sim *discordsim.Server, perMinute int, log *slog.Logger) *activityGenerator {
	g := &activityGenerator{sim: sim, log: log, rng: rand.New(rand.NewPCG(7, 11)), stopCh: make(chan struct{})}
	if perMinute > 0 {
		g.every = time.Minute / time.Duration(perMinute)
	}
	return g
}

func (g *activityGenerator) start() {
	if g.every == 0 {
		return
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		t := time.NewTicker(g.every)
		defer t.Stop()
		for {
			select {
			case <-g.stopCh:
				return
			case <-t.C:
				g.step()
			}
		}
	}()
}

func (g *activityGenerator) stop() {
	close(g.stopCh)
	g.wg.Wait()
}

// step performs one random action; failures are logged at debug level
// since the world may refuse some (a banned user cannot rejoin).
func (g *activityGenerator) step() {
	guilds := g.sim.Guilds()
	guild := guilds[g.rng.IntN(len(guilds))]
	members := g.sim.Members(guild)
	var humans []discordsim.ID
	for _, m := range members {
		if m != discordsim.ApplicationID {
			humans = append(humans, m)
		}
	}
	if len(humans) == 0 {
		return
	}
	user := humans[g.rng.IntN(len(humans))]
	info, _ := g.sim.Guild(guild)
	var err error
	switch roll := g.rng.IntN(100); {
	case roll < 45:
		if ch, ok := info.ChannelByName([]string{"general", "off-topic", "suggestions"}[g.rng.IntN(3)]); ok {
			_, err = g.sim.SendMessage(ch.ID, user, demoMessages[g.rng.IntN(len(demoMessages))])
		}
	case roll < 60:
		err = g.command(guild, info, user)
	case roll < 70:
		_, err = g.sim.SendDM(user, demoDMs[g.rng.IntN(len(demoDMs))])
	case roll < 80:
		err = g.joinOrLeave(guild, members)
	default:
		err = g.voice(guild, info, user)
	}
	if err != nil {
		g.log.Debug("demo action refused", "err", err)
	}
}

// command runs a registered command that has no required options.
func (g *activityGenerator) command(guild discordsim.ID, info discordsim.Guild, user discordsim.ID) error {
	var names []string
	for _, list := range g.sim.Commands() {
		for _, c := range list {
			var opts []struct {
				Required bool `json:"required"`
			}
			_ = json.Unmarshal(c.Options, &opts)
			ok := true
			for _, o := range opts {
				ok = ok && !o.Required
			}
			if ok {
				names = append(names, c.Name)
			}
		}
	}
	ch, ok := info.ChannelByName("general")
	if !ok {
		return nil
	}
	if len(names) == 0 {
		_, err := g.sim.SendMessage(ch.ID, user, "is the bot online?")
		return err
	}
	_, err := g.sim.InvokeCommand(guild, ch.ID, user, names[g.rng.IntN(len(names))], nil)
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
