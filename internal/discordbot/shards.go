package discordbot

import (
	"context"
	"errors"
	"fmt"

	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/disgo/rest"

	"github.com/warden-bot/warden/core"
)

// shardLayout resolves Config.Discord.Shards: one shard, Discord's
// recommended count ("auto"), or the listed ids of ShardCount. It also
// returns Discord's max_concurrency (how many shards may identify per
// 5 s), read from GET /gateway/bot when several shards run here.
func (d *Discord) shardLayout(ctx context.Context, restOpts []rest.ConfigOpt) (ids []int, count, concurrency int, err error) {
	spec := d.core.Config().Discord.Shards
	if spec == "" {
		return []int{0}, 1, 1, nil
	}
	rc := rest.NewClient(d.opts.Token, append([]rest.ConfigOpt{rest.WithLogger(d.log)}, restOpts...)...)
	defer rc.Close(ctx)
	gb, gbErr := rest.New(rc).GetGatewayBot(rest.WithCtx(ctx))
	if gbErr != nil && (spec == "auto" || errors.Is(DiscordError("", gbErr), core.ErrDiscordBadToken)) {
		return nil, 0, 0, fmt.Errorf("discord: ask Discord for the shard count: %w", DiscordError("read the gateway settings", gbErr))
	}
	concurrency = 1
	if gbErr != nil {
		d.log.Warn("could not read max_concurrency from Discord; identifying one shard per 5 s", "err", gbErr)
	} else {
		concurrency = max(gb.SessionStartLimit.MaxConcurrency, 1)
	}
	if spec == "auto" {
		ids = make([]int, gb.Shards)
		for i := range ids {
			ids[i] = i
		}
		return ids, gb.Shards, concurrency, nil
	}
	ids, count, err = core.ParseShards(spec, d.core.Config().Discord.ShardCount)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("discord: DISCORD_SHARDS: %w", err)
	}
	return ids, count, concurrency, nil
}

// newGateway creates a shard's gateway: Warden's race-free one, reporting
// each heartbeat's latency to the stats and a fatal close to the
// component, and spacing identifies with the shared limiter.
func (d *Discord) newGateway(token string, h gateway.EventHandlerFunc, ch gateway.CloseHandlerFunc, opts ...gateway.ConfigOpt) gateway.Gateway {
	return newWSGateway(token, h, ch, gatewayHooks{onAck: d.stats.ack, onFatal: d.gatewayFailed, clock: d.opts.clock, limiter: d.limiter}, opts...)
}
