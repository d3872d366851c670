package moderation

import (
	"context"
	"regexp"
	"time"

	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
)

// This file is where Discord meets the domain: gateway events become
// service calls, and the service's Enforcer is carried out with the
// plugin's Discord handle (pc.Discord()).

// Intents implements core.IntentsDeclarer: automod reads messages.
func (p *Plugin) Intents() core.Intents {
	return core.IntentGuildMessages | core.IntentMessageContent | core.IntentGuildModeration
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
}

func newEnforcer(pc *core.Context) *enforcer { return &enforcer{pc: pc} }

// do is the plugin's Discord handle, asked for at each use so that it
// follows the Discord component starting and stopping.
func (e *enforcer) do() core.DiscordActions { return e.pc.Discord() }

// Available implements Enforcer.
func (e *enforcer) Available() bool { return e.do().Connected() }

// Target implements Enforcer from Discord's REST API and the bot's cache.
func (e *enforcer) Target(ctx context.Context, guildID, userID, moderatorID string) (TargetInfo, error) {
	do := e.do()
	if !do.Connected() {
		return TargetInfo{}, &core.Error{Code: core.CodeUnavailable, Message: "Warden is not connected to Discord", Err: core.ErrDiscordUnavailable}
	}
	if !core.IsSnowflake(guildID) || !core.IsSnowflake(userID) {
		return TargetInfo{}, core.BadRequest("not a Discord id: %q, %q", guildID, userID)
	}
	info := TargetInfo{IsSelf: userID == do.BotID()}
	exists, err := do.UserExists(ctx, userID)
	if err != nil || !exists {
		return info, err
	}
	info.Exists = true
	ownerID := ""
	if g, ok, err := do.Guild(ctx, guildID); err == nil && ok {
		info.GuildName, info.IsOwner, ownerID = g.Name, g.OwnerID == userID, g.OwnerID
	}
	member, err := do.FetchMember(ctx, guildID, userID)
	if err != nil {
		return info, err
	}
	if member.IsMember {
		info.Member = true
		top := do.HighestRole(guildID, member.Roles)
		if self, ok := do.BotRoles(guildID); ok && !info.IsSelf {
			info.AboveBot = top >= do.HighestRole(guildID, self)
		}
		// The owner outranks everyone. Someone who is not a member has no
		// rank to compare: a superuser (the operator's staff) may act on
		// anyone below the bot, anyone else (a dashboard grant holder) only
		// on members who hold no role.
		if moderatorID != "" && moderatorID != ownerID && moderatorID != userID {
			mod, err := do.FetchMember(ctx, guildID, moderatorID)
			if err != nil {
				return info, err
			}
			switch {
			case mod.IsMember:
				info.AboveModerator = top >= do.HighestRole(guildID, mod.Roles)
			case !e.pc.Config().IsSuperuser(moderatorID):
				info.ModeratorUnranked = len(member.Roles) > 0
			}
		}
	}
	if info.Banned, err = do.Banned(ctx, guildID, userID); err != nil {
		return info, err
	}
	return info, nil
}

// Apply implements Enforcer.
func (e *enforcer) Apply(ctx context.Context, a Action) error {
	switch a.Kind {
	case ActTimeout:
		return e.do().Timeout(ctx, a.GuildID, a.UserID, a.Until, a.Reason)
	case ActRemoveTimeout:
		return e.do().Timeout(ctx, a.GuildID, a.UserID, time.Time{}, a.Reason)
	case ActKick:
		return e.do().Kick(ctx, a.GuildID, a.UserID, a.Reason)
	case ActBan:
		return e.do().Ban(ctx, a.GuildID, a.UserID, time.Duration(a.DeleteMessageDays)*24*time.Hour, a.Reason)
	case ActUnban:
		return e.do().Unban(ctx, a.GuildID, a.UserID, a.Reason)
	case ActDeleteMessage:
		return e.do().DeleteMessage(ctx, a.ChannelID, a.MessageID, a.Reason)
	}
	return core.BadRequest("unknown Discord action %q", a.Kind)
}

// Send implements Enforcer.
func (e *enforcer) Send(ctx context.Context, channelID, content string) error {
	_, err := e.do().SendMessage(ctx, channelID, content)
	return err
}

// DM implements Enforcer.
func (e *enforcer) DM(ctx context.Context, userID, content string) error {
	_, err := e.do().SendDM(ctx, userID, content)
	return err
}

// Known implements Enforcer from the bot's cache.
func (e *enforcer) Known(guildID, id string, role bool) bool {
	if role {
		return e.do().HasRole(guildID, id)
	}
	return e.do().HasChannel(guildID, id)
}

var (
	_ Enforcer             = (*enforcer)(nil)
	_ core.DiscordListener = (*Plugin)(nil)
	_ core.IntentsDeclarer = (*Plugin)(nil)
)
