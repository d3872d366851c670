package discordbot

import (
	"github.com/warden-bot/warden/core"

	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/events"
)

// This file is the one place where disgo's gateway event types become
// Warden's domain events. Plugins never see a raw payload.

// translate turns a disgo event into a domain event; ok is false for
// events no plugin consumes.
func translate(e bot.Event) (core.DiscordEvent, bool) {
	switch ev := e.(type) {
	case *events.GuildMessageCreate:
		m := ev.Message
		out := core.MessageCreated{GuildID: ev.GuildID.String(), ChannelID: ev.ChannelID.String(), MessageID: ev.MessageID.String(),
			AuthorID: m.Author.ID.String(), AuthorName: m.Author.Username, AuthorBot: m.Author.Bot, Content: m.Content, At: m.CreatedAt}
		if m.Member != nil {
			out.AuthorRoles = idStrings(m.Member.RoleIDs)
		}
		return out, true
	case *events.DMMessageCreate:
		m := ev.Message
		if m.Author.Bot {
			return nil, false
		}
		return core.DirectMessage{ChannelID: ev.ChannelID.String(), MessageID: ev.MessageID.String(), AuthorID: m.Author.ID.String(),
			AuthorName: m.Author.Username, Content: m.Content, At: m.CreatedAt}, true
	case *events.GuildMessageDelete:
		return core.MessageDeleted{GuildID: ev.GuildID.String(), ChannelID: ev.ChannelID.String(), MessageID: ev.MessageID.String()}, true
	case *events.DMMessageDelete:
		return core.MessageDeleted{ChannelID: ev.ChannelID.String(), MessageID: ev.MessageID.String()}, true
	case *events.GuildMemberJoin:
		u := ev.Member.User
		return core.MemberJoined{GuildID: ev.GuildID.String(), UserID: u.ID.String(), Username: u.Username, Bot: u.Bot,
			AccountCreated: u.ID.Time(), JoinedAt: ev.Member.JoinedAt}, true
	case *events.GuildMemberLeave:
		return core.MemberLeft{GuildID: ev.GuildID.String(), UserID: ev.User.ID.String(), Username: ev.User.Username}, true
	case *events.GuildMemberUpdate:
		return core.MemberUpdated{GuildID: ev.GuildID.String(), UserID: ev.Member.User.ID.String(), Roles: idStrings(ev.Member.RoleIDs),
			TimeoutUntil: ev.Member.CommunicationDisabledUntil}, true
	case *events.GuildVoiceStateUpdate:
		out := core.VoiceStateChanged{GuildID: ev.VoiceState.GuildID.String(), UserID: ev.VoiceState.UserID.String()}
		if ev.VoiceState.ChannelID != nil {
			out.ChannelID = ev.VoiceState.ChannelID.String()
		}
		if ev.OldVoiceState.ChannelID != nil {
			out.PreviousChannelID = ev.OldVoiceState.ChannelID.String()
		}
		if out.ChannelID == out.PreviousChannelID {
			return nil, false // mute or deafen only
		}
		return out, true
	case *events.GuildReady:
		return core.GuildAvailable{GuildID: ev.Guild.ID.String(), Name: ev.Guild.Name, Members: ev.Guild.MemberCount}, true
	case *events.GuildJoin:
		return core.GuildAvailable{GuildID: ev.Guild.ID.String(), Name: ev.Guild.Name, Members: ev.Guild.MemberCount}, true
	case *events.GuildChannelDelete:
		return core.ChannelDeleted{GuildID: ev.GuildID.String(), ChannelID: ev.ChannelID.String()}, true
	}
	return nil, false
}
