package discordbot

import (
	"github.com/warden-bot/warden/core"

	"context"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/json"
	"github.com/disgoorg/snowflake/v2"
)

// actions is one plugin's core.DiscordActions: every call goes through
// disgo's REST client and its rate limiter, and every failure is a typed
// *core.Error (see DiscordError).
type actions struct {
	d      *Discord
	plugin string
}

// ForPlugin implements core.DiscordProvider.
func (d *Discord) ForPlugin(pluginID string) core.DiscordActions {
	return &actions{d: d, plugin: pluginID}
}

func (a *actions) rest(op string) (rest.Rest, error) {
	if a.d.client == nil {
		return nil, &core.Error{Code: core.CodeUnavailable, Message: "could not " + op + ": Warden is not connected to Discord", Err: core.ErrDiscordUnavailable}
	}
	return a.d.client.Rest(), nil
}

type snowflakeID = snowflake.ID

// prepare returns the REST client for op and the snowflakes of the given
// ids, or the error that stops op: Discord not connected, or an id that is
// not a snowflake.
func (a *actions) prepare(op string, values ...string) (rest.Rest, []snowflakeID, error) {
	r, err := a.rest(op)
	if err != nil {
		return nil, nil, err
	}
	id, err := ids(values...)
	if err != nil {
		return nil, nil, err
	}
	return r, id, nil
}

func ids(values ...string) ([]snowflakeID, error) {
	out := make([]snowflakeID, len(values))
	for i, v := range values {
		id, err := parseSnowflake(v)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

func reasonOpts(ctx context.Context, reason string) []rest.RequestOpt {
	opts := []rest.RequestOpt{rest.WithCtx(ctx)}
	if reason != "" {
		opts = append(opts, rest.WithReason(reason))
	}
	return opts
}

// SendMessage posts content in a channel and returns the message id.
func (a *actions) SendMessage(ctx context.Context, channelID, content string) (string, error) {
	const op = "send the message"
	r, id, err := a.prepare(op, channelID)
	if err != nil {
		return "", err
	}
	m, err := r.CreateMessage(id[0], discord.MessageCreate{Content: content, AllowedMentions: &discord.AllowedMentions{}}, rest.WithCtx(ctx))
	if err != nil {
		return "", DiscordError(op, err)
	}
	return m.ID.String(), nil
}

// SendDM sends a user a direct message and returns the DM channel id.
func (a *actions) SendDM(ctx context.Context, userID, content string) (string, error) {
	const op = "send a direct message"
	r, id, err := a.prepare(op, userID)
	if err != nil {
		return "", err
	}
	ch, err := r.CreateDMChannel(id[0], rest.WithCtx(ctx))
	if err != nil {
		return "", DiscordError(op, err)
	}
	if _, err := r.CreateMessage(ch.ID(), discord.MessageCreate{Content: content}, rest.WithCtx(ctx)); err != nil {
		return "", DiscordError(op, err)
	}
	return ch.ID().String(), nil
}

// DeleteMessage deletes a message.
func (a *actions) DeleteMessage(ctx context.Context, channelID, messageID, reason string) error {
	const op = "delete the message"
	r, id, err := a.prepare(op, channelID, messageID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.DeleteMessage(id[0], id[1], reasonOpts(ctx, reason)...))
}

// DeleteChannel deletes a guild channel, category or thread.
func (a *actions) DeleteChannel(ctx context.Context, channelID, reason string) error {
	const op = "delete the channel"
	r, id, err := a.prepare(op, channelID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.DeleteChannel(id[0], reasonOpts(ctx, reason)...))
}

// Timeout times a member out until the given time; the zero time lifts it.
func (a *actions) Timeout(ctx context.Context, guildID, userID string, until time.Time, reason string) error {
	const op = "time out the member"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return err
	}
	upd := discord.MemberUpdate{CommunicationDisabledUntil: json.NullPtr[time.Time]()}
	if !until.IsZero() {
		upd.CommunicationDisabledUntil = json.NewNullablePtr(until.UTC())
	}
	_, err = r.UpdateMember(id[0], id[1], upd, reasonOpts(ctx, reason)...)
	return DiscordError(op, err)
}

// Kick removes a member from a guild.
func (a *actions) Kick(ctx context.Context, guildID, userID, reason string) error {
	const op = "kick the member"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.RemoveMember(id[0], id[1], reasonOpts(ctx, reason)...))
}

// Ban bans a user, deleting their messages of the last deleteMessages.
func (a *actions) Ban(ctx context.Context, guildID, userID string, deleteMessages time.Duration, reason string) error {
	const op = "ban the user"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.AddBan(id[0], id[1], deleteMessages, reasonOpts(ctx, reason)...))
}

// Unban lifts a ban.
func (a *actions) Unban(ctx context.Context, guildID, userID, reason string) error {
	const op = "unban the user"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.DeleteBan(id[0], id[1], reasonOpts(ctx, reason)...))
}

// AddRole gives a member a role.
func (a *actions) AddRole(ctx context.Context, guildID, userID, roleID, reason string) error {
	const op = "give the role"
	r, id, err := a.prepare(op, guildID, userID, roleID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.AddMemberRole(id[0], id[1], id[2], reasonOpts(ctx, reason)...))
}

// RemoveRole takes a role from a member.
func (a *actions) RemoveRole(ctx context.Context, guildID, userID, roleID, reason string) error {
	const op = "remove the role"
	r, id, err := a.prepare(op, guildID, userID, roleID)
	if err != nil {
		return err
	}
	return DiscordError(op, r.RemoveMemberRole(id[0], id[1], id[2], reasonOpts(ctx, reason)...))
}

// Member implements core.DiscordActions from the guild directory.
func (a *actions) Member(ctx context.Context, guildID, userID string) (core.MemberInfo, error) {
	return a.d.Member(ctx, guildID, userID)
}
