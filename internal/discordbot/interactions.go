package discordbot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"

	"github.com/warden-bot/warden/core"
)

// Handlers get a deadline: Discord accepts follow-ups for 15 minutes, but
// a handler should not hold its plugin's worker that long.
const (
	commandTimeout = time.Minute
	eventTimeout   = 30 * time.Second
	// autoDeferAfter is when the layer acknowledges an interaction the
	// handler has not answered: Discord drops one not acknowledged
	// within 3 s, and the defer itself needs time to arrive.
	autoDeferAfter = 2 * time.Second
)

// interactionBase reads what every interaction carries.
func (d *Discord) interactionBase(i discord.Interaction, kind core.InteractionKind) (core.InteractionData, *responder) {
	data := core.InteractionData{Kind: kind, ID: i.ID().String(), ChannelID: i.ChannelID().String(),
		UserID: i.User().ID.String(), Username: i.User().Username}
	if gid := i.GuildID(); gid != nil {
		data.GuildID = gid.String()
	}
	if m := i.Member(); m != nil {
		data.Permissions = uint64(m.Permissions)
	}
	return data, &responder{rest: d.client.Rest(), appID: i.ApplicationID(), id: i.ID(), token: i.Token(), kind: kind}
}

// queueKey keeps one guild's (or DM channel's) work in order.
func queueKey(data core.InteractionData) string {
	if data.GuildID != "" {
		return data.GuildID
	}
	return data.ChannelID
}

// slashOptions flattens a slash command's options (disgo has already
// descended into the chosen subcommand).
func slashOptions(opts map[string]discord.SlashCommandOption) map[string]any {
	out := make(map[string]any, len(opts))
	for name, o := range opts {
		out[name] = optionValue(o.Type, o.Value)
	}
	return out
}

func optionValue(t discord.ApplicationCommandOptionType, raw []byte) any {
	var v any
	switch t {
	case discord.ApplicationCommandOptionTypeInt:
		var n int
		_ = jsonUnmarshal(raw, &n)
		v = n
	case discord.ApplicationCommandOptionTypeBool:
		var b bool
		_ = jsonUnmarshal(raw, &b)
		v = b
	case discord.ApplicationCommandOptionTypeFloat:
		var f float64
		_ = jsonUnmarshal(raw, &f)
		v = f
	default: // strings and ids
		var s string
		_ = jsonUnmarshal(raw, &s)
		v = s
	}
	return v
}

// routeCommand routes a slash, user or message command.
func (d *Discord) routeCommand(ev *events.ApplicationCommandInteractionCreate) {
	data, r := d.interactionBase(ev.ApplicationCommandInteraction, core.KindCommand)
	data.Command = ev.Data.CommandName()
	switch cd := ev.Data.(type) {
	case discord.SlashCommandInteractionData:
		data.CommandType = core.SlashCommand
		data.Options = slashOptions(cd.Options)
		if cd.SubCommandName != nil {
			data.Subcommand = *cd.SubCommandName
		}
		if cd.SubCommandGroupName != nil {
			data.SubcommandGroup = *cd.SubCommandGroupName
		}
	case discord.UserCommandInteractionData:
		data.CommandType = core.UserCommand
		data.TargetID = cd.TargetID().String()
	case discord.MessageCommandInteractionData:
		data.CommandType = core.MessageCommand
		data.TargetID = cd.TargetID().String()
		m := cd.TargetMessage()
		data.TargetContent, data.TargetAuthorID = m.Content, m.Author.ID.String()
	default:
		return
	}
	rc, ok := d.commands[commandKey(data.CommandType, data.Command)]
	if !ok {
		d.log.Warn("interaction for an unknown command", "command", data.Command, "type", int(data.CommandType))
		return
	}
	data.Plugin = rc.plugin.Info.ID
	inv := core.NewInteraction(data, r, rc.cmd.DeferEphemeral)
	d.enqueueInteraction(inv, "command", func(ctx context.Context) { d.runCommand(ctx, rc, inv) })
}

// routeAutocomplete asks the command's Autocomplete for choices.
func (d *Discord) routeAutocomplete(ev *events.AutocompleteInteractionCreate) {
	data, r := d.interactionBase(ev.AutocompleteInteraction, core.KindAutocomplete)
	ad := ev.Data
	data.Command, data.CommandType = ad.CommandName, core.SlashCommand
	if ad.SubCommandName != nil {
		data.Subcommand = *ad.SubCommandName
	}
	if ad.SubCommandGroupName != nil {
		data.SubcommandGroup = *ad.SubCommandGroupName
	}
	data.Options = map[string]any{}
	for name, o := range ad.Options {
		data.Options[name] = optionValue(o.Type, o.Value)
		if o.Focused {
			data.Focused = name
		}
	}
	rc, ok := d.commands[data.Command]
	if !ok || rc.cmd.Autocomplete == nil {
		d.log.Warn("autocomplete for a command without Autocomplete", "command", data.Command)
		return
	}
	data.Plugin = rc.plugin.Info.ID
	inv := core.NewInteraction(data, r, true)
	d.enqueue(data.Plugin, queueKey(data), job{kind: "autocomplete", run: func(ctx context.Context) {
		d.withDeadline(ctx, data.Plugin, "autocomplete", autoDeferAfter, func(ctx context.Context) {
			choices, err := rc.cmd.Autocomplete(ctx, inv)
			if err != nil {
				rc.plugin.Context.Logger.Warn("autocomplete failed", "command", data.Command, "option", data.Focused, "err", err)
				choices = nil
			}
			if err := r.autocomplete(ctx, choices); err != nil {
				d.log.Warn("could not send autocomplete choices", "command", data.Command, "err", err)
			}
		})
	}})
}

// routeComponent routes a button click or select menu choice to the
// plugin its custom id names.
func (d *Discord) routeComponent(ev *events.ComponentInteractionCreate) {
	data, r := d.interactionBase(ev.ComponentInteraction, core.KindComponent)
	data.CustomID, data.ComponentType = ev.Data.CustomID(), core.ComponentType(ev.Data.Type())
	data.MessageID = ev.Message.ID.String()
	switch cd := ev.Data.(type) {
	case discord.StringSelectMenuInteractionData:
		data.Values = cd.Values
	case discord.UserSelectMenuInteractionData:
		data.Values = idStrings(cd.Values)
	case discord.RoleSelectMenuInteractionData:
		data.Values = idStrings(cd.Values)
	case discord.MentionableSelectMenuInteractionData:
		data.Values = idStrings(cd.Values)
	case discord.ChannelSelectMenuInteractionData:
		data.Values = idStrings(cd.Values)
	}
	d.routeCustom(data, r, func(p core.Plugin) (func(context.Context, *core.Interaction) error, bool) {
		h, ok := p.(core.ComponentHandler)
		if !ok {
			return nil, false
		}
		return h.HandleComponent, true
	})
}

// routeModal routes a submitted modal to the plugin its custom id names.
func (d *Discord) routeModal(ev *events.ModalSubmitInteractionCreate) {
	data, r := d.interactionBase(ev.ModalSubmitInteraction, core.KindModal)
	data.CustomID = ev.Data.CustomID
	data.Fields = map[string]string{}
	for id, c := range ev.Data.Components {
		if t, ok := c.(discord.TextInputComponent); ok {
			data.Fields[id] = t.Value
		}
	}
	d.routeCustom(data, r, func(p core.Plugin) (func(context.Context, *core.Interaction) error, bool) {
		h, ok := p.(core.ModalHandler)
		if !ok {
			return nil, false
		}
		return h.HandleModal, true
	})
}

// routeCustom finds the plugin a custom id names. An id without a plugin
// prefix, naming no running plugin, or naming one without the handler is
// refused: logged, and answered with an ephemeral notice so the user does
// not see "interaction failed".
func (d *Discord) routeCustom(data core.InteractionData, r *responder, handler func(core.Plugin) (func(context.Context, *core.Interaction) error, bool)) {
	kind := "component"
	if data.Kind == core.KindModal {
		kind = "modal"
	}
	pluginID, ok := core.PluginOfCustomID(data.CustomID)
	var l *lane
	if ok {
		l, ok = d.lanes[pluginID]
	}
	var h func(context.Context, *core.Interaction) error
	if ok {
		h, ok = handler(l.plugin.Plugin)
	}
	if !ok {
		d.log.Warn("refused a "+kind+" whose custom id names no plugin that handles it", "custom_id", data.CustomID, "guild", data.GuildID)
		d.goOwned(func() {
			ctx, cancel := context.WithTimeout(d.ctx, 5*time.Second)
			defer cancel()
			_ = r.Reply(ctx, core.Response{Content: "⚠️ This no longer works.", Ephemeral: true})
		})
		return
	}
	data.Plugin = pluginID
	inv := core.NewInteraction(data, r, true)
	d.enqueueInteraction(inv, kind, func(ctx context.Context) {
		d.runInteraction(ctx, l.plugin, inv, kind, data.CustomID, h)
	})
}

// enqueueInteraction queues an interaction on its plugin's lane; when the
// lane is full the user is told at once.
func (d *Discord) enqueueInteraction(inv *core.Interaction, kind string, run func(ctx context.Context)) {
	d.enqueue(inv.Plugin, queueKey(inv.InteractionData), job{kind: kind, run: run, refuse: func() {
		ctx, cancel := context.WithTimeout(d.ctx, 5*time.Second)
		defer cancel()
		_ = inv.Reply(ctx, "⚠️ Warden is busy; try again in a moment.", true)
	}})
}

// runInteraction runs a handler with a deadline, defers for it when it has
// not answered within autoDeferAfter, and turns an error (or a panic) into
// an ephemeral message when it has not answered. It returns the error.
func (d *Discord) runInteraction(ctx context.Context, p core.PluginHandle, inv *core.Interaction, kind, what string,
	h func(context.Context, *core.Interaction) error) (err error) {
	d.withDeadline(ctx, p.Info.ID, kind, commandTimeout, func(ctx context.Context) {
		fired := make(chan struct{})
		stop := d.opts.timer(autoDeferAfter, func() {
			defer close(fired)
			// The defer must reach Discord even if the handler's context
			// ends meanwhile.
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if did, derr := inv.AutoDefer(dctx); derr != nil {
				d.log.Warn("could not defer a slow interaction", "plugin", p.Info.ID, "what", what, "err", derr)
			} else if did {
				d.log.Debug("deferred a slow interaction for its plugin", "plugin", p.Info.ID, "what", what)
			}
		})
		err = func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					p.Context.Logger.Error("recovered from panic", "in", kind+" "+what, "panic", fmt.Sprint(r), "stack", stack())
					err = &core.Error{Code: core.CodeInternal, Message: "something went wrong", Err: fmt.Errorf("panic: %v", r)}
				}
			}()
			return h(ctx, inv)
		}()
		if !stop() {
			<-fired
		}
		if err != nil {
			ue := core.AsUserError(err)
			if ue.Code == core.CodeInternal && !errors.Is(err, core.ErrDiscordRequest) {
				p.Context.Logger.Error(kind+" failed", "what", what, "guild", inv.GuildID, "err", err)
			}
			if !inv.Answered() {
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				defer cancel()
				if rerr := inv.Reply(rctx, "⚠️ "+ue.Message, true); rerr != nil {
					d.log.Warn("could not tell the user an interaction failed", "what", what, "err", rerr)
				}
			}
		}
	})
	return err
}
