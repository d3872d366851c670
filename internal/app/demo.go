package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
)

// demo is the "discord" component of demo mode: the simulated Discord on
// loopback, the real Discord component connected to it, and the activity
// generator (which first seeds the demo guilds through the plugins'
// core.DemoSeeder capability), started in that order and stopped in
// reverse.
type demo struct {
	core    *core.Core
	log     *slog.Logger
	sim     *discordsim.Server
	discord *discordbot.Discord
	gen     *activityGenerator
}

func newDemo(c *core.Core) *demo {
	cfg := c.Config()
	admin := discordsim.UserID(1).String()
	// The demo admin may see bot-wide stats; the one-click login signs in
	// as this user (Config.Discord.DemoAdminID).
	cfg.Discord.DemoAdminID = admin
	cfg.Superusers = append(cfg.Superusers, admin)
	return &demo{core: c, log: c.Logger().With("component", "demo")}
}

func (d *demo) Name() string { return "discord" }

// Sim returns the simulated Discord; nil before Start.
func (d *demo) Sim() *discordsim.Server { return d.sim }

// Discord returns the Discord component; nil before Start.
func (d *demo) Discord() *discordbot.Discord { return d.discord }

// Failed implements core.Failer for the Discord component inside; nil
// (never ready) before Start.
func (d *demo) Failed() <-chan struct{} {
	if d.discord == nil {
		return nil
	}
	return d.discord.Failed()
}

// Err implements core.Failer.
func (d *demo) Err() error {
	if d.discord == nil {
		return nil
	}
	return d.discord.Err()
}

func (d *demo) Start(ctx context.Context) error {
	cfg := d.core.Config()
	sim, err := discordsim.New(
		discordsim.WithGuilds(cfg.Demo.Guilds),
		discordsim.WithHeartbeatInterval(5*time.Second),
		discordsim.WithLatency(demoLatencyStart),
		discordsim.WithLogger(d.log),
	)
	if err != nil {
		return fmt.Errorf("demo: start simulated Discord: %w", err)
	}
	d.sim = sim
	// The dashboard's OAuth2 login goes to the simulator in demo mode.
	cfg.DiscordClientID = sim.ClientID().String()
	cfg.DiscordClientSecret = sim.ClientSecret()
	cfg.Discord.APIURL = sim.APIURL()
	cfg.Discord.GatewayURL = sim.GatewayURL()
	cfg.Discord.AuthorizeURL = sim.AuthorizeURL()
	// The demo's past is written before the bot connects, so that nothing
	// live is numbered or timed among it.
	if err := d.backfill(ctx, time.Now()); err != nil {
		d.log.Warn("the demo's past is incomplete; the demo goes on", "err", err)
	}
	d.discord = discordbot.NewDiscord(d.core, discordbot.DiscordOptions{Token: sim.Token(), APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()})
	if err := d.discord.Start(ctx); err != nil {
		_ = sim.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("demo: %w", err)
	}
	// Seeding waits for the shards to connect, so it runs in the
	// generator's goroutine and Start returns at once.
	d.gen = newActivityGenerator(sim, cfg.Demo.ActivityPerMinute, d.log, d.seed,
		func() map[string]core.DemoCommand { return demoMix(d.core.Plugins()) })
	d.gen.start(ctx)
	d.log.Warn("DEMO MODE: Discord is simulated in-process; nothing here reaches the real Discord",
		"guilds", cfg.Demo.Guilds, "activity_per_minute", cfg.Demo.ActivityPerMinute,
		"simulated_api", sim.APIURL(), "demo_admin", cfg.Discord.DemoAdminID)
	return nil
}

func (d *demo) Stop(ctx context.Context) error {
	var errs []error
	if d.gen != nil {
		d.gen.stop()
	}
	if d.discord != nil {
		errs = append(errs, d.discord.Stop(ctx))
	}
	if d.sim != nil {
		errs = append(errs, d.sim.Close(ctx))
	}
	return errors.Join(errs...)
}

var (
	_ core.Component = (*demo)(nil)
	_ core.Failer    = (*demo)(nil)
)
