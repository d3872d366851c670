package discordbot

import (
	"context"

	"github.com/disgoorg/disgo/rest"

	"github.com/warden-bot/warden/core"
)

// This file holds the message and member side of core.DiscordActions
// beyond actions.go: rich DMs, edits, pins, nicknames and voice moves.

// SendDMMessage sends a user a direct message with embeds, components
// and files.
func (a *actions) SendDMMessage(ctx context.Context, userID string, msg core.Response) (string, string, error) {
	const op = "send a direct message"
	if err := core.CheckComponents(a.plugin, msg.Components); err != nil {
		return "", "", err
	}
	r, id, err := a.prepare(op, userID)
	if err != nil {
		return "", "", err
	}
	ch, err := r.CreateDMChannel(id[0], rest.WithCtx(ctx))
	if err != nil {
		return "", "", DiscordError(op, err)
	}
	msg.Ephemeral = false
	body, err := withFiles(messageBody(msg, core.NoMentions, false), msg.Files)
	var out struct {
		ID string `json:"id"`
	}
	if err == nil {
		err = r.Do(rest.CreateMessage.Compile(nil, ch.ID()), body, &out, rest.WithCtx(ctx))
	}
	return ch.ID().String(), out.ID, DiscordError(op, err)
}

// EditMessage edits one of the bot's messages.
func (a *actions) EditMessage(ctx context.Context, channelID, messageID string, msg core.Response) error {
	const op = "edit the message"
	if err := core.CheckComponents(a.plugin, msg.Components); err != nil {
		return err
	}
	r, id, err := a.prepare(op, channelID, messageID)
	if err != nil {
		return err
	}
	body, err := withFiles(messageBody(msg, core.NoMentions, true), msg.Files)
	if err == nil {
		err = r.Do(rest.UpdateMessage.Compile(nil, id[0], id[1]), body, nil, rest.WithCtx(ctx))
	}
	return DiscordError(op, err)
}

// Pin pins a message.
func (a *actions) Pin(ctx context.Context, channelID, messageID, reason string) error {
	const op = "pin the message"
	r, id, err := a.prepare(op, channelID, messageID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.PinMessage(id[0], id[1], reasonOpts(ctx, reason)...))
}

// Unpin unpins a message.
func (a *actions) Unpin(ctx context.Context, channelID, messageID, reason string) error {
	const op = "unpin the message"
	r, id, err := a.prepare(op, channelID, messageID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.UnpinMessage(id[0], id[1], reasonOpts(ctx, reason)...))
}

// SetNickname sets or (with "") removes a member's nickname.
func (a *actions) SetNickname(ctx context.Context, guildID, userID, nick, reason string) error {
	const op = "change the nickname"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return err
	}
	body := map[string]any{"nick": nil}
	if nick != "" {
		body["nick"] = nick
	}
	return DiscordError(op, r.Do(rest.UpdateMember.Compile(nil, id[0], id[1]), body, nil, reasonOpts(ctx, reason)...))
}

// MoveMember moves a member to a voice channel, or disconnects them.
// disgo's MemberUpdate leaves a nil channel out instead of sending null,
// so the body is written here.
func (a *actions) MoveMember(ctx context.Context, guildID, userID, channelID, reason string) error {
	op := "move the member"
	values := []string{guildID, userID}
	if channelID == "" {
		op = "disconnect the member"
	} else {
		values = append(values, channelID)
	}
	r, id, err := a.prepare(op, values...)
	if err != nil {
		return err
	}
	body := map[string]any{"channel_id": nil}
	if channelID != "" {
		body["channel_id"] = channelID
	}
	return DiscordError(op, r.Do(rest.UpdateMember.Compile(nil, id[0], id[1]), body, nil, reasonOpts(ctx, reason)...))
}
