package discordbot

import (
	"github.com/warden-bot/warden/core"

	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/disgoorg/disgo"
	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/cache"
	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/disgo/sharding"
)

// DiscordOptions are what the Discord component needs beyond the config.
type DiscordOptions struct {
	// Token is the bot token. Empty means Config.DiscordToken.
	Token string
	// APIURL and GatewayURL override Config.Discord's (the demo points them
	// at the simulated Discord). Empty means the config's, then Discord's.
	APIURL, GatewayURL string
	// WorkersPerPlugin is how many goroutines run each plugin's Discord
	// handlers; one guild's events and interactions always go to the same
	// one, in order. Zero means 2.
	WorkersPerPlugin int

	// clock times the gateway's backoff and identify waits; tests set it
	// (export_test.go). Zero means real time.
	clock gatewayClock
	// timer runs f after d unless stopped (stop reports whether it did
	// stop f); it times the automatic defer of slow interactions. Tests
	// set it (export_test.go). Nil means time.AfterFunc.
	timer func(d time.Duration, f func()) (stop func() bool)
}

// Discord is the core's Discord client: one disgo client (sharded when
// configured), the translation of gateway events for plugins, slash
// command routing and recording, and bot-wide figures. It is a Component.
type Discord struct {
	core *core.Core
	opts DiscordOptions
	log  *slog.Logger

	client       bot.Client
	shardIDs     []int
	intents      gateway.Intents
	intentOwners map[gateway.Intents][]string // privileged intent → plugins asking
	limiter      *identifyLimiter
	commands     map[string]routedCommand
	lanes        map[string]*lane // plugin id → its workers
	metrics      *laneMetrics
	dropLog      onceEvery
	stats        *discordStats
	members      *memberCache
	msgs         *msgCache // recent messages, for edits' and deletes' before
	seen         *seenSet  // interaction ids already routed

	failMu  sync.Mutex
	failErr error
	failed  chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewDiscord returns the Discord component of c. Add it with AddComponent;
// it connects in Start, after the plugins have started.
func NewDiscord(c *core.Core, opts DiscordOptions) *Discord {
	if opts.Token == "" {
		opts.Token = c.Config().DiscordToken
	}
	if opts.APIURL == "" {
		opts.APIURL = c.Config().Discord.APIURL
	}
	if opts.GatewayURL == "" {
		opts.GatewayURL = c.Config().Discord.GatewayURL
	}
	if opts.WorkersPerPlugin <= 0 {
		opts.WorkersPerPlugin = 2
	}
	if opts.timer == nil {
		opts.timer = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	if opts.clock.now == nil {
		opts.clock = realClock()
	}
	d := &Discord{core: c, opts: opts, log: c.Logger().With("component", "discord"), failed: make(chan struct{}),
		seen: newSeenSet(interactionDedupeSize, interactionDedupeTTL, opts.clock.now)}
	d.stats = newDiscordStats(d)
	d.metrics = newLaneMetrics(c.Metrics().Registry)
	d.members = newMemberCache(30 * time.Second)
	d.msgs = newMsgCache(msgCachePerChannel, msgCacheChannels)
	return d
}

// Name implements Component.
func (d *Discord) Name() string { return "discord" }

// Client returns the disgo client; nil before Start.
func (d *Discord) Client() bot.Client { return d.client }

// Start collects the plugins' intents and commands, connects to the
// gateway, and registers the commands.
func (d *Discord) Start(ctx context.Context) error {
	plugins := d.core.PluginHandles()
	// The directory (and so every access check) reads members' roles from
	// the cache; without GUILD_MEMBERS their updates never arrive and a
	// role given or taken would not change anyone's access.
	intents := gateway.IntentGuilds | gateway.IntentGuildMembers
	d.intentOwners = map[gateway.Intents][]string{gateway.IntentGuildMembers: {"core (member roles for access checks)"}}
	d.commands = map[string]routedCommand{}
	for _, rp := range plugins {
		if id, ok := rp.Plugin.(core.IntentsDeclarer); ok {
			intents |= gateway.Intents(id.Intents())
			for _, p := range privilegedIntents {
				if gateway.Intents(id.Intents()).Has(p.intent) {
					d.intentOwners[p.intent] = append(d.intentOwners[p.intent], rp.Info.ID)
				}
			}
		}
		if cp, ok := rp.Plugin.(core.CommandProvider); ok {
			for _, cmd := range cp.Commands() {
				key := commandKey(cmd.CommandType(), cmd.Name)
				if prev, dup := d.commands[key]; dup {
					return fmt.Errorf("discord: command %s is provided by both %s and %s", prev.display(), prev.plugin.Info.ID, rp.Info.ID)
				}
				if cmd.Handle == nil {
					return fmt.Errorf("discord: command %s of %s has no handler", cmd.Name, rp.Info.ID)
				}
				create, err := commandCreate(cmd)
				if err != nil {
					return fmt.Errorf("discord: plugin %s: %w", rp.Info.ID, err)
				}
				d.commands[key] = routedCommand{plugin: rp, cmd: cmd, create: create}
			}
		}
	}
	d.intents = intents
	d.ctx, d.cancel = context.WithCancel(context.WithoutCancel(ctx))
	client, err := d.buildClient(ctx, intents)
	if err != nil {
		d.cancel()
		return err
	}
	d.client = client
	d.startLanes(plugins)
	if err := d.registerCommands(ctx); err != nil {
		d.shutdown(ctx)
		return err
	}
	// Shards are opened one by one: disgo's ShardManager.Open writes its
	// shard map from several goroutines at once.
	for _, id := range d.shardIDs {
		if err := client.ShardManager().OpenShard(ctx, id); err != nil {
			d.shutdown(ctx)
			return fmt.Errorf("discord: open shard %d: %w", id, err)
		}
	}
	d.core.SetDiscord(d)
	d.core.SetDirectory(d)
	d.core.AddHealthCheck("discord", d.healthy)
	d.log.Info("discord connecting", "intents", uint64(intents), "commands", len(d.commands))
	return nil
}

func (d *Discord) buildClient(ctx context.Context, intents gateway.Intents) (bot.Client, error) {
	restOpts := []rest.ConfigOpt{rest.WithRateLimiter(newRESTLimiter(rest.NewRateLimiter(rest.WithRateLimiterLogger(d.log))))}
	if d.opts.APIURL != "" {
		restOpts = append(restOpts, rest.WithURL(strings.TrimRight(d.opts.APIURL, "/")))
	}
	if _, err := applicationIDFromToken(d.opts.Token); err != nil {
		return nil, err
	}
	ids, count, concurrency, err := d.shardLayout(ctx, restOpts)
	if err != nil {
		return nil, err
	}
	d.shardIDs = ids
	// Warden's limiter spaces every IDENTIFY, re-identifies included, so
	// disgo's (which only spaces the first dial of each shard) is off.
	d.limiter = newIdentifyLimiter(d.opts.clock, concurrency)
	gwOpts := []gateway.ConfigOpt{func(c *gateway.Config) { c.Intents = intents }, gateway.WithCompress(false)}
	if d.opts.GatewayURL != "" {
		gwOpts = append(gwOpts, gateway.WithURL(d.opts.GatewayURL))
	}
	client, err := disgo.New(d.opts.Token,
		bot.WithLogger(d.log),
		bot.WithRestClientConfigOpts(restOpts...),
		bot.WithShardManagerConfigOpts(
			sharding.WithGatewayConfigOpts(gwOpts...),
			sharding.WithGatewayCreateFunc(d.newGateway),
			sharding.WithRateLimiter(sharding.NewNoopRateLimiter()),
			func(c *sharding.Config) {
				c.ShardCount = count
				c.ShardIDs = map[int]struct{}{} // filled as Start opens each shard
			},
		),
		bot.WithCacheConfigOpts(cache.WithCaches(cache.FlagGuilds|cache.FlagMembers|cache.FlagChannels|cache.FlagRoles|cache.FlagVoiceStates)),
		bot.WithEventListeners(d),
	)
	if err != nil {
		var re rest.Error
		if errors.As(err, &re) {
			// disgo asks Discord for the application at once; a 401 here
			// is the first sign of a wrong DISCORD_TOKEN.
			err = DiscordError("connect to Discord", err)
		}
		return nil, fmt.Errorf("discord: create client: %w", err)
	}
	return client, nil
}

// Stop closes the gateway connections and waits for in-flight handlers.
func (d *Discord) Stop(ctx context.Context) error {
	d.core.SetDiscord(nil)
	d.core.SetDirectory(nil)
	return d.shutdown(ctx)
}

func (d *Discord) shutdown(ctx context.Context) error {
	// Cancel first: plugin workers stop taking work.
	if d.cancel != nil {
		d.cancel()
	}
	if d.client != nil {
		d.client.Close(ctx)
	}
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("discord: handlers still running at shutdown deadline: %w", ctx.Err())
	}
}

// healthy reports whether every shard is connected.
func (d *Discord) healthy(context.Context) error {
	if err := d.Err(); err != nil {
		return err
	}
	if d.client == nil || !d.client.HasShardManager() {
		return core.ErrDiscordUnavailable
	}
	for _, id := range d.shardIDs {
		// Shard locks; Shards would hand out disgo's map unlocked.
		if shard := d.client.ShardManager().Shard(id); shard == nil || shard.Status() != gateway.StatusReady {
			return fmt.Errorf("shard %d: %w", id, core.ErrDiscordUnavailable)
		}
	}
	return nil
}

// waitReady is used by tests and the demo: it waits until every shard is
// ready and the guild cache holds at least one guild.
func (d *Discord) waitReady(ctx context.Context) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if d.healthy(ctx) == nil && d.client.Caches().GuildsLen() > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(errors.New("discord: not ready"), ctx.Err())
		case <-t.C:
		}
	}
}

// WaitReady waits until every shard is ready and guilds are cached.
func (d *Discord) WaitReady(ctx context.Context) error { return d.waitReady(ctx) }

var _ core.Component = (*Discord)(nil)
var _ core.GuildDirectory = (*Discord)(nil)
