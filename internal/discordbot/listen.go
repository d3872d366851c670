package discordbot

import (
	"github.com/warden-bot/warden/core"

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
		if d.firstTime(ev.ID().String(), ev.Data.CommandName()) {
			d.routeCommand(ev)
		}
		return
	case *events.AutocompleteInteractionCreate:
		if d.firstTime(ev.ID().String(), ev.Data.CommandName) {
			d.routeAutocomplete(ev)
		}
		return
	case *events.ComponentInteractionCreate:
		if d.firstTime(ev.ID().String(), ev.Data.CustomID()) {
			d.routeComponent(ev)
		}
		return
	case *events.ModalSubmitInteractionCreate:
		if d.firstTime(ev.ID().String(), ev.Data.CustomID) {
			d.routeModal(ev)
		}
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
	dev, ok := translate(e, d.msgs)
	if !ok {
		return
	}
	key := laneKey(dev)
	// Each listening plugin gets the event on its own lane.
	for id, l := range d.lanes {
		lis, ok := l.plugin.Plugin.(core.DiscordListener)
		if !ok {
			continue
		}
		d.enqueue(id, key, job{kind: "event", run: func(ctx context.Context) {
			d.withDeadline(ctx, id, "event", eventTimeout, func(ctx context.Context) { lis.OnDiscordEvent(ctx, dev) })
		}})
	}
}

// laneKey is the key that picks an event's worker: the guild, so that one
// guild's events stay in order, or for DM events the channel.
func laneKey(ev core.DiscordEvent) string {
	if g := ev.EventGuildID(); g != "" {
		return g
	}
	switch e := ev.(type) {
	case core.DirectMessage:
		return e.ChannelID
	case core.MessageUpdated:
		return e.ChannelID
	case core.MessageDeleted:
		return e.ChannelID
	case core.MessagesBulkDeleted:
		return e.ChannelID
	case core.ReactionChanged:
		return e.ChannelID
	}
	return ""
}

// firstTime reports whether an interaction is new; a repeat (Discord may
// deliver one twice) is logged and dropped.
func (d *Discord) firstTime(id, what string) bool {
	if d.seen.firstTime(id) {
		return true
	}
	d.log.Info("interaction delivered twice; ignoring the repeat", "interaction", id, "what", what)
	return false
}
