package core

import (
	"context"

	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/events"
)

// OnEvent implements bot.EventListener. It runs on the gateway's reader, so
// it only translates and enqueues; plugins run on the workers. Member,
// role and guild changes first drop cached access (disgo has updated its
// cache before it calls listeners).
func (d *Discord) OnEvent(e bot.Event) {
	switch ev := e.(type) {
	case *events.ApplicationCommandInteractionCreate:
		if !d.seen.firstTime(ev.ID().String()) {
			d.log.Info("interaction delivered twice; ignoring the repeat", "interaction", ev.ID().String(), "command", ev.Data.CommandName())
			return
		}
		d.routeCommand(ev)
		return
	case *events.GuildMemberJoin:
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.GuildMemberUpdate:
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.GuildMemberLeave:
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.RoleUpdate:
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.RoleDelete:
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.GuildUpdate: // the owner may have changed
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.GuildJoin:
		d.core.InvalidateAccess(ev.GuildID.String())
	case *events.GuildLeave:
		d.core.InvalidateAccess(ev.GuildID.String())
	}
	dev, ok := translate(e)
	if !ok {
		return
	}
	key := dev.EventGuildID()
	if dm, ok := dev.(DirectMessage); ok {
		key = dm.ChannelID
	}
	d.enqueue(key, func(ctx context.Context) { d.deliver(ctx, dev) })
}

// deliver hands a domain event to every listening plugin, recovering a
// panic in any of them so that the others and the bot carry on.
func (d *Discord) deliver(ctx context.Context, ev DiscordEvent) {
	for _, rp := range d.core.snapshotPlugins() {
		l, ok := rp.plugin.(DiscordListener)
		if !ok {
			continue
		}
		func() {
			defer rp.pc.Recover("discord event listener")
			l.OnDiscordEvent(ctx, ev)
		}()
	}
}
