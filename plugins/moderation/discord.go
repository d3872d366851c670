package moderation

import (
	"context"
	"errors"
	"regexp"
	"time"

	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
)

// This file is where Discord meets the domain: gateway events become
// service calls, and the service's Enforcer is carried out with the
// plugin's Discord access. No other file of the plugin imports disgo.

// Intents implements core.IntentsDeclarer: automod reads messages.
func (p *Plugin) Intents() gateway.Intents {
	return gateway.IntentGuildMessages | gateway.IntentMessageContent | gateway.IntentGuildModeration
}

var userMention = regexp.MustCompile(`<@[!&]?\d+>`)

// OnDiscordEvent implements core.DiscordListener: every guild message goes
// through automod.
func (p *Plugin) OnDiscordEvent(ctx context.Context, ev core.DiscordEvent) {
	m, ok := ev.(core.MessageCreated)
	if !ok || m.AuthorBot {
		return
	}
	msg := &Message{
		GuildID: m.GuildID, ChannelID: m.ChannelID, MessageID: m.MessageID, AuthorID: m.AuthorID,
		AuthorRoles: m.AuthorRoles, Content: m.Content, SentAt: m.At,
		Mentions: len(userMention.FindAllString(m.Content, 50)),
	}
	if id, err := snowflake.Parse(m.AuthorID); err == nil {
		msg.AuthorCreatedAt = id.Time()
	}
	if err := p.svc.HandleMessage(ctx, msg); err != nil {
		p.pc.Logger.Warn("automod", "guild", m.GuildID, "err", err)
	}
}

// enforcer implements Enforcer with the plugin's Discord access.
type enforcer struct {
	pc *core.Context
	do *core.DiscordActions
}

func newEnforcer(pc *core.Context) *enforcer { return &enforcer{pc: pc, do: pc.Discord()} }

func (e *enforcer) client() bot.Client {
	if d := e.pc.Core().Discord(); d != nil {
		return d.Client()
	}
	return nil
}

// Available implements Enforcer.
func (e *enforcer) Available() bool { return e.client() != nil }

// Target implements Enforcer from Discord's REST API and the bot's cache.
func (e *enforcer) Target(ctx context.Context, guildID, userID, moderatorID string) (TargetInfo, error) {
	c := e.client()
	if c == nil {
		return TargetInfo{}, &core.Error{Code: core.CodeUnavailable, Message: "Warden is not connected to Discord", Err: core.ErrDiscordUnavailable}
	}
	gid, err1 := snowflake.Parse(guildID)
	uid, err2 := snowflake.Parse(userID)
	if err := errors.Join(err1, err2); err != nil {
		return TargetInfo{}, core.BadRequest("not a Discord id: %v", err)
	}
	info := TargetInfo{IsSelf: uid == c.ID()}
	if _, err := c.Rest().GetUser(uid, rest.WithCtx(ctx)); err != nil {
		if derr := core.DiscordError("look the user up", err); core.AsUserError(derr).Code != core.CodeNotFound {
			return info, derr
		}
		return info, nil
	}
	info.Exists = true
	ownerID := ""
	if g, ok, err := e.pc.Core().Directory().Guild(ctx, guildID); err == nil && ok {
		info.GuildName, info.IsOwner, ownerID = g.Name, g.OwnerID == userID, g.OwnerID
	}
	member, err := e.member(ctx, c, gid, userID)
	if err != nil {
		return info, err
	}
	if member != nil {
		info.Member = true
		top := highestRole(c, gid, member.RoleIDs)
		if self, ok := c.Caches().SelfMember(gid); ok && !info.IsSelf {
			info.AboveBot = top >= highestRole(c, gid, self.RoleIDs)
		}
		// The owner outranks everyone. Someone who is not a member has no
		// rank to compare: a superuser (the operator's staff) may act on
		// anyone below the bot, anyone else (a dashboard grant holder) only
		// on members who hold no role.
		if moderatorID != "" && moderatorID != ownerID && moderatorID != userID {
			mod, err := e.member(ctx, c, gid, moderatorID)
			if err != nil {
				return info, err
			}
			switch {
			case mod != nil:
				info.AboveModerator = top >= highestRole(c, gid, mod.RoleIDs)
			case !e.pc.Core().Config().IsSuperuser(moderatorID):
				info.ModeratorUnranked = len(member.RoleIDs) > 0
			}
		}
	}
	if _, err := c.Rest().GetBan(gid, uid, rest.WithCtx(ctx)); err == nil {
		info.Banned = true
	} else if derr := core.DiscordError("look the ban up", err); core.AsUserError(derr).Code != core.CodeNotFound {
		return info, derr
	}
	return info, nil
}

// member fetches a guild member over REST; nil when the user is not one.
func (e *enforcer) member(ctx context.Context, c bot.Client, guildID snowflake.ID, userID string) (*discord.Member, error) {
	uid, err := snowflake.Parse(userID)
	if err != nil {
		return nil, core.BadRequest("not a Discord id: %q", userID)
	}
	m, err := c.Rest().GetMember(guildID, uid, rest.WithCtx(ctx))
	if err == nil {
		return m, nil
	}
	if derr := core.DiscordError("look the member up", err); core.AsUserError(derr).Code != core.CodeNotFound {
		return nil, derr
	}
	return nil, nil
}

// highestRole is the position of the highest of roles; -1 for none.
func highestRole(c bot.Client, guildID snowflake.ID, roles []snowflake.ID) int {
	top := -1
	for _, id := range roles {
		if r, ok := c.Caches().Role(guildID, id); ok && r.Position > top {
			top = r.Position
		}
	}
	return top
}

// Apply implements Enforcer.
func (e *enforcer) Apply(ctx context.Context, a Action) error {
	switch a.Kind {
	case ActTimeout:
		return e.do.Timeout(ctx, a.GuildID, a.UserID, a.Until, a.Reason)
	case ActRemoveTimeout:
		return e.do.Timeout(ctx, a.GuildID, a.UserID, time.Time{}, a.Reason)
	case ActKick:
		return e.do.Kick(ctx, a.GuildID, a.UserID, a.Reason)
	case ActBan:
		return e.do.Ban(ctx, a.GuildID, a.UserID, time.Duration(a.DeleteMessageDays)*24*time.Hour, a.Reason)
	case ActUnban:
		return e.do.Unban(ctx, a.GuildID, a.UserID, a.Reason)
	case ActDeleteMessage:
		return e.do.DeleteMessage(ctx, a.ChannelID, a.MessageID, a.Reason)
	}
	return core.BadRequest("unknown Discord action %q", a.Kind)
}

// Send implements Enforcer.
func (e *enforcer) Send(ctx context.Context, channelID, content string) error {
	_, err := e.do.SendMessage(ctx, channelID, content)
	return err
}

// DM implements Enforcer.
func (e *enforcer) DM(ctx context.Context, userID, content string) error {
	_, err := e.do.SendDM(ctx, userID, content)
	return err
}

// Known implements Enforcer from the bot's cache.
func (e *enforcer) Known(guildID, id string, role bool) bool {
	c := e.client()
	gid, err1 := snowflake.Parse(guildID)
	xid, err2 := snowflake.Parse(id)
	if c == nil || err1 != nil || err2 != nil {
		return false
	}
	if role {
		_, ok := c.Caches().Role(gid, xid)
		return ok
	}
	ch, ok := c.Caches().Channel(xid)
	return ok && ch.GuildID() == gid
}

var (
	_ Enforcer             = (*enforcer)(nil)
	_ core.DiscordListener = (*Plugin)(nil)
	_ core.IntentsDeclarer = (*Plugin)(nil)
)
