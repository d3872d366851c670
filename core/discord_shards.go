package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/disgo/rest"
)

// shardLayout resolves Config.Discord.Shards: one shard, Discord's
// recommended count ("auto"), or the listed ids of ShardCount.
func (d *Discord) shardLayout(ctx context.Context, restOpts []rest.ConfigOpt) ([]int, int, error) {
	spec := d.core.cfg.Discord.Shards
	switch spec {
	case "":
		return []int{0}, 1, nil
	case "auto":
		rc := rest.NewClient(d.opts.Token, append([]rest.ConfigOpt{rest.WithLogger(d.log)}, restOpts...)...)
		defer rc.Close(ctx)
		gb, err := rest.New(rc).GetGatewayBot(rest.WithCtx(ctx))
		if err != nil {
			return nil, 0, DiscordError("ask Discord for the shard count", err)
		}
		ids := make([]int, gb.Shards)
		for i := range ids {
			ids[i] = i
		}
		return ids, gb.Shards, nil
	}
	var ids []int
	for _, s := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, 0, fmt.Errorf("discord: shard id %q: %w", s, err)
		}
		ids = append(ids, n)
	}
	return ids, d.core.cfg.Discord.ShardCount, nil
}

// newGateway creates a shard's gateway: Warden's race-free one, reporting
// each heartbeat's latency to the stats.
func (d *Discord) newGateway(token string, h gateway.EventHandlerFunc, ch gateway.CloseHandlerFunc, opts ...gateway.ConfigOpt) gateway.Gateway {
	return newWSGateway(token, h, ch, d.stats.ack, opts...)
}
