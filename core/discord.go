package core

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
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
	// Workers is how many goroutines deliver events to plugins; events of
	// one guild always go to the same worker, in order. Zero means 4.
	Workers int

	// clock times the gateway's backoff and identify waits; tests set it
	// (export_test.go). Zero means real time.
	clock gatewayClock
}

// discordQueueLength bounds each worker's queue; when full, the gateway
// reader waits, which is Discord's own back-pressure.
const discordQueueLength = 256

// Discord is the core's Discord client: one disgo client (sharded when
// configured), the translation of gateway events for plugins, slash
// command routing and recording, and bot-wide figures. It is a Component.
type Discord struct {
	core *Core
	opts DiscordOptions
	log  *slog.Logger

	client       bot.Client
	shardIDs     []int
	intents      gateway.Intents
	intentOwners map[gateway.Intents][]string // privileged intent → plugins asking
	limiter      *identifyLimiter
	commands     map[string]routedCommand
	queues       []chan func(context.Context)
	stats        *discordStats
	members      *memberCache
	seen         *seenSet // interaction ids already routed

	failMu  sync.Mutex
	failErr error
	failed  chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type routedCommand struct {
	plugin *runningPlugin
	cmd    Command
}

// NewDiscord returns the Discord component of c. Add it with AddComponent;
// it connects in Start, after the plugins have started.
func NewDiscord(c *Core, opts DiscordOptions) *Discord {
	if opts.Token == "" {
		opts.Token = c.cfg.DiscordToken
	}
	if opts.APIURL == "" {
		opts.APIURL = c.cfg.Discord.APIURL
	}
	if opts.GatewayURL == "" {
		opts.GatewayURL = c.cfg.Discord.GatewayURL
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.clock.now == nil {
		opts.clock = realClock()
	}
	d := &Discord{core: c, opts: opts, log: c.log.With("component", "discord"), failed: make(chan struct{}),
		seen: newSeenSet(interactionDedupeSize, interactionDedupeTTL, opts.clock.now)}
	d.stats = newDiscordStats(d)
	d.members = newMemberCache(30 * time.Second)
	return d
}

// Name implements Component.
func (d *Discord) Name() string { return "discord" }

// Client returns the disgo client; nil before Start.
func (d *Discord) Client() bot.Client { return d.client }

// Start collects the plugins' intents and commands, connects to the
// gateway, and registers the commands.
func (d *Discord) Start(ctx context.Context) error {
	plugins := d.core.snapshotPlugins()
	// The directory (and so every access check) reads members' roles from
	// the cache; without GUILD_MEMBERS their updates never arrive and a
	// role given or taken would not change anyone's access.
	intents := gateway.IntentGuilds | gateway.IntentGuildMembers
	d.intentOwners = map[gateway.Intents][]string{gateway.IntentGuildMembers: {"core (member roles for access checks)"}}
	d.commands = map[string]routedCommand{}
	for _, rp := range plugins {
		if id, ok := rp.plugin.(IntentsDeclarer); ok {
			intents |= id.Intents()
			for _, p := range privilegedIntents {
				if id.Intents().Has(p.intent) {
					d.intentOwners[p.intent] = append(d.intentOwners[p.intent], rp.info.ID)
				}
			}
		}
		if cp, ok := rp.plugin.(CommandProvider); ok {
			for _, cmd := range cp.Commands() {
				if prev, dup := d.commands[cmd.Create.Name]; dup {
					return fmt.Errorf("discord: command /%s is provided by both %s and %s", cmd.Create.Name, prev.plugin.info.ID, rp.info.ID)
				}
				if cmd.Handle == nil {
					return fmt.Errorf("discord: command /%s of %s has no handler", cmd.Create.Name, rp.info.ID)
				}
				d.commands[cmd.Create.Name] = routedCommand{plugin: rp, cmd: cmd}
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
	d.startWorkers()
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
	d.core.attachDiscord(d)
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

func (d *Discord) startWorkers() {
	d.queues = make([]chan func(context.Context), d.opts.Workers)
	for i := range d.queues {
		q := make(chan func(context.Context), discordQueueLength)
		d.queues[i] = q
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			for {
				select {
				case job := <-q:
					job(d.ctx)
				case <-d.ctx.Done():
					return
				}
			}
		}()
	}
}

// enqueue hands a job to the worker of key (a guild or channel id), so
// that one guild's events stay in order.
func (d *Discord) enqueue(key string, job func(context.Context)) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	select {
	case d.queues[int(h.Sum32()%uint32(len(d.queues)))] <- job:
	case <-d.ctx.Done():
	}
}

// Stop closes the gateway connections and waits for in-flight handlers.
func (d *Discord) Stop(ctx context.Context) error {
	d.core.attachDiscord(nil)
	d.core.SetDirectory(nil)
	return d.shutdown(ctx)
}

func (d *Discord) shutdown(ctx context.Context) error {
	// Cancel first: a gateway reader waiting on a full worker queue must not
	// hold up closing the connection.
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
		return ErrDiscordUnavailable
	}
	for _, id := range d.shardIDs {
		// Shard locks; Shards would hand out disgo's map unlocked.
		if shard := d.client.ShardManager().Shard(id); shard == nil || shard.Status() != gateway.StatusReady {
			return fmt.Errorf("shard %d: %w", id, ErrDiscordUnavailable)
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

var _ Component = (*Discord)(nil)
var _ GuildDirectory = (*Discord)(nil)
