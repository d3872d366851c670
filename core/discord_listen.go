package core

import (
	"context"

	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/events"
)

// OnEvent implements bot.EventListener. It runs on the gateway's reader, so
// it only translates and enqueues; plugins run on the workers.
func (d *Discord) OnEvent(e bot.Event) {
	switch ev := e.(type) {
	case *events.ApplicationCommandInteractionCreate:
		if !d.seen.firstTime(ev.ID().String()) {
			d.log.Info("interaction delivered twice; ignoring the repeat", "interaction", ev.ID().String(), "command", ev.Data.CommandName())
			return
		}
		d.routeCommand(ev)
		return
	}
	dev, ok := translate(e)
	if !ok {
		return
	}
	key := dev.EventGuildID()
	if dm, ok := dev.(DirectMessage); ok {
		key = dm.ChannelID
	}
	if _, ok := dev.(GuildAvailable); ok {
		d.stats.guildsChanged()
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
