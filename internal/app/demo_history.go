package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
)

// demoHistory is how far back the demo's past goes.
const demoHistory = 7 * 24 * time.Hour

// backfill gives every demo guild a past at the demo's first start: a
// week of slash command runs (recorded through core.RecordActivity with
// their past times, so the hourly and daily rollups count them) and each
// plugin's own history (core.DemoHistorian). A guild that already has
// activity has its past and gets no command runs again; plugins decide
// for themselves. It needs no Discord connection, so it runs before the
// bot connects and nothing live is mixed into the past.
func (d *demo) backfill(ctx context.Context, now time.Time) error {
	from := now.Add(-demoHistory)
	mix := demoMix(d.core.Plugins())
	var errs []error
	for _, gid := range d.sim.Guilds() {
		g, ok := d.sim.Guild(gid)
		if !ok {
			continue
		}
		world := demoWorldOf(d.sim, g)
		recent, err := d.core.RecentActivity(ctx, gid.String(), 1)
		if err != nil {
			return fmt.Errorf("demo: backfill guild %s: %w", gid, err)
		}
		if len(recent) == 0 {
			if err := d.backfillCommands(ctx, g, world, mix, from, now); err != nil {
				errs = append(errs, err)
			}
		}
		for _, p := range d.core.Plugins() {
			if h, ok := p.(core.DemoHistorian); ok {
				if err := h.BackfillDemo(ctx, gid.String(), world, from, now); err != nil {
					errs = append(errs, fmt.Errorf("demo: backfill plugin %s in guild %s: %w", p.PluginInfo().ID, gid, err))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// demoHourlyRuns is how many commands run in an hour of the day (UTC):
// quiet at night, busiest in the evening.
func demoHourlyRuns(hour int) float64 {
	return 1.6 + 1.4*math.Sin(float64(hour-12)*math.Pi/12)
}

// backfillCommands records a week of command runs in one guild, oldest
// first, by the plugins' demo commands and their weights.
func (d *demo) backfillCommands(ctx context.Context, g discordsim.Guild, world core.DemoWorld, mix map[string]core.DemoCommand, from, to time.Time) error {
	names := make([]string, 0, len(mix))
	for name, c := range mix {
		if c.Weight > 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if len(names) == 0 || len(world.Members) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(g.ID), 42))
	pickCommand := func() core.DemoCommand {
		total := 0
		for _, n := range names {
			total += mix[n].Weight
		}
		k := rng.IntN(total)
		for _, n := range names {
			if k -= mix[n].Weight; k < 0 {
				return mix[n]
			}
		}
		return mix[names[0]]
	}
	for h := from.Truncate(time.Hour); h.Before(to); h = h.Add(time.Hour) {
		runs := int(demoHourlyRuns(h.UTC().Hour()) + rng.Float64())
		for i := 0; i < runs; i++ {
			at := h.Add(time.Duration(rng.Int64N(int64(time.Hour))))
			if !at.Before(to) || at.Before(from) {
				continue
			}
			c := pickCommand()
			user := world.Members[rng.IntN(len(world.Members))]
			if c.Staff {
				user = []string{world.ModeratorID, world.AdminID}[rng.IntN(2)]
			}
			err := d.core.RecordActivity(ctx, core.Activity{Type: core.ActivitySuccess, Kind: "command", Command: c.Name,
				GuildID: g.ID.String(), UserID: user, Message: fmt.Sprintf("/%s run in %s", c.Name, g.Name), Timestamp: at})
			if err != nil {
				return fmt.Errorf("demo: backfill guild %s: %w", g.ID, err)
			}
		}
	}
	return nil
}
