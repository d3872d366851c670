package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
)

// demoSeedTimeout bounds how long seeding waits for the simulated Discord to
// be connected and its guilds cached.
const demoSeedTimeout = 30 * time.Second

// seed waits until the Discord component knows every demo guild, then
// hands each guild to every running plugin that implements
// core.DemoSeeder. A plugin that fails is logged and the others still
// seed: the demo runs on without what it could not set up.
func (d *demo) seed(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, demoSeedTimeout)
	defer cancel()
	if err := d.discord.WaitReady(ctx); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	var errs []error
	for _, gid := range d.sim.Guilds() {
		world, err := d.waitWorld(ctx, gid)
		if err != nil {
			return fmt.Errorf("demo: seed: %w", err)
		}
		for _, p := range d.core.Plugins() {
			s, ok := p.(core.DemoSeeder)
			if !ok {
				continue
			}
			id := p.PluginInfo().ID
			if err := s.SeedDemo(ctx, gid.String(), world); err != nil {
				errs = append(errs, fmt.Errorf("demo: seed plugin %s in guild %s: %w", id, gid, err))
				continue
			}
			d.log.Debug("demo guild seeded", "plugin", id, "guild", gid.String())
		}
	}
	return errors.Join(errs...)
}

// waitWorld waits until the Discord component's cache holds the guild (its
// GUILD_CREATE may arrive after the first guild's), then describes it.
func (d *demo) waitWorld(ctx context.Context, gid discordsim.ID) (core.DemoWorld, error) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		_, found, err := d.discord.Guild(ctx, gid.String())
		if err != nil {
			return core.DemoWorld{}, fmt.Errorf("guild %s: %w", gid, err)
		}
		if found {
			break
		}
		select {
		case <-ctx.Done():
			return core.DemoWorld{}, fmt.Errorf("guild %s never reached the cache: %w", gid, ctx.Err())
		case <-t.C:
		}
	}
	g, ok := d.sim.Guild(gid)
	if !ok {
		return core.DemoWorld{}, fmt.Errorf("guild %s is not in the simulated world", gid)
	}
	return demoWorldOf(d.sim, g), nil
}

// demoWorld describes a simulated guild by names.
func demoWorld(g discordsim.Guild) core.DemoWorld {
	w := core.DemoWorld{
		AdminID:     g.OwnerID.String(),
		ModeratorID: discordsim.UserID(2).String(),
		Channels:    make(map[string]string, len(g.Channels)),
		Roles:       make(map[string]string, len(g.Roles)),
	}
	for _, c := range g.Channels {
		w.Channels[c.Name] = c.ID.String()
	}
	for _, r := range g.Roles {
		w.Roles[r.Name] = r.ID.String()
	}
	return w
}

// demoWorldOf describes a simulated guild with its ordinary members.
func demoWorldOf(sim *discordsim.Server, g discordsim.Guild) core.DemoWorld {
	w := demoWorld(g)
	for _, id := range sim.Members(g.ID) {
		if id != g.OwnerID && id != discordsim.UserID(2) && id != discordsim.ApplicationID {
			w.Members = append(w.Members, id.String())
		}
	}
	slices.Sort(w.Members)
	return w
}
