package discordbot

import (
	"context"

	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
)

// This file holds the read side of core.DiscordActions: REST look-ups that
// always ask Discord, and answers from disgo's cache.

// Connected implements core.DiscordActions.
func (a *actions) Connected() bool { return a.d.client != nil }

// BotID implements core.DiscordActions.
func (a *actions) BotID() string {
	if a.d.client == nil {
		return ""
	}
	return a.d.client.ID().String()
}

// notFound reports whether err is Discord's "unknown …" answer.
func notFound(err error) bool { return core.AsUserError(err).Code == core.CodeNotFound }

// FetchMember implements core.DiscordActions.
func (a *actions) FetchMember(ctx context.Context, guildID, userID string) (core.MemberInfo, error) {
	const op = "look the member up"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return core.MemberInfo{}, err
	}
	m, err := r.GetMember(id[0], id[1], rest.WithCtx(ctx))
	if err != nil {
		if derr := DiscordError(op, err); !notFound(derr) {
			return core.MemberInfo{}, derr
		}
		return core.MemberInfo{}, nil
	}
	return core.MemberInfo{IsMember: true, Roles: idStrings(m.RoleIDs), JoinedAt: m.JoinedAt}, nil
}

// UserExists implements core.DiscordActions.
func (a *actions) UserExists(ctx context.Context, userID string) (bool, error) {
	const op = "look the user up"
	r, id, err := a.prepare(op, userID)
	if err != nil {
		return false, err
	}
	if _, err := r.GetUser(id[0], rest.WithCtx(ctx)); err != nil {
		if derr := DiscordError(op, err); !notFound(derr) {
			return false, derr
		}
		return false, nil
	}
	return true, nil
}

// Banned implements core.DiscordActions.
func (a *actions) Banned(ctx context.Context, guildID, userID string) (bool, error) {
	const op = "look the ban up"
	r, id, err := a.prepare(op, guildID, userID)
	if err != nil {
		return false, err
	}
	if _, err := r.GetBan(id[0], id[1], rest.WithCtx(ctx)); err != nil {
		if derr := DiscordError(op, err); !notFound(derr) {
			return false, derr
		}
		return false, nil
	}
	return true, nil
}

// Guild implements core.DiscordActions from the guild directory.
func (a *actions) Guild(ctx context.Context, guildID string) (core.GuildSummary, bool, error) {
	return a.d.Guild(ctx, guildID)
}

func (a *actions) cacheIDs(values ...string) ([]snowflake.ID, bool) {
	if a.d.client == nil {
		return nil, false
	}
	out := make([]snowflake.ID, len(values))
	for i, v := range values {
		id, err := snowflake.Parse(v)
		if err != nil {
			return nil, false
		}
		out[i] = id
	}
	return out, true
}

// HighestRole implements core.DiscordActions from the cache.
func (a *actions) HighestRole(guildID string, roleIDs []string) int {
	top := -1
	gid, ok := a.cacheIDs(guildID)
	if !ok {
		return top
	}
	for _, r := range roleIDs {
		rid, ok := a.cacheIDs(r)
		if !ok {
			continue
		}
		if role, ok := a.d.client.Caches().Role(gid[0], rid[0]); ok && role.Position > top {
			top = role.Position
		}
	}
	return top
}

// BotRoles implements core.DiscordActions from the cache.
func (a *actions) BotRoles(guildID string) ([]string, bool) {
	gid, ok := a.cacheIDs(guildID)
	if !ok {
		return nil, false
	}
	self, ok := a.d.client.Caches().SelfMember(gid[0])
	if !ok {
		return nil, false
	}
	return idStrings(self.RoleIDs), true
}

// HasRole implements core.DiscordActions from the cache.
func (a *actions) HasRole(guildID, roleID string) bool {
	id, ok := a.cacheIDs(guildID, roleID)
	if !ok {
		return false
	}
	_, ok = a.d.client.Caches().Role(id[0], id[1])
	return ok
}

// HasChannel implements core.DiscordActions from the cache.
func (a *actions) HasChannel(guildID, channelID string) bool {
	id, ok := a.cacheIDs(guildID, channelID)
	if !ok {
		return false
	}
	ch, ok := a.d.client.Caches().Channel(id[1])
	return ok && ch.GuildID() == id[0]
}

// Send implements core.DiscordActions: a message with embeds, components
// and files that pings nobody unless Mentions says so.
func (a *actions) Send(ctx context.Context, channelID string, msg core.Response) (string, error) {
	const op = "send the message"
	if err := core.CheckComponents(a.plugin, msg.Components); err != nil {
		return "", err
	}
	r, id, err := a.prepare(op, channelID)
	if err != nil {
		return "", err
	}
	msg.Ephemeral = false
	body, err := withFiles(messageBody(msg, core.NoMentions, false), msg.Files)
	var out struct {
		ID string `json:"id"`
	}
	if err == nil {
		err = r.Do(rest.CreateMessage.Compile(nil, id[0]), body, &out, rest.WithCtx(ctx))
	}
	return out.ID, DiscordError(op, err)
}

var (
	_ core.DiscordActions  = (*actions)(nil)
	_ core.DiscordProvider = (*Discord)(nil)
)
