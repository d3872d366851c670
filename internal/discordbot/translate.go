package discordbot

import (
	"bytes"
	"io"
	"time"

	"github.com/warden-bot/warden/core"

	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"
	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/snowflake/v2"
)

// This file is the one place where disgo's gateway event types become
// Warden's domain events. Plugins never see a raw payload. It runs on the
// gateway readers, so it also keeps the message cache in step: a message
// is remembered when posted, replaced when edited, forgotten when deleted.

// translate turns a disgo event into a domain event; ok is false for
// events no plugin consumes.
func translate(e bot.Event, msgs *msgCache) (core.DiscordEvent, bool) {
	if ev, ok := translateMessage(e, msgs); ok {
		return ev, true
	}
	if ev, ok := translateMember(e); ok {
		return ev, true
	}
	if ev, ok := translateGuild(e, msgs); ok {
		return ev, true
	}
	return translateThreadAndMore(e)
}

func cachedMessage(m discord.Message) core.CachedMessage {
	return core.CachedMessage{ChannelID: m.ChannelID.String(), MessageID: m.ID.String(), AuthorID: m.Author.ID.String(),
		AuthorName: m.Author.Username, Content: m.Content, At: m.CreatedAt}
}

// translateMessage covers messages: posted, edited, deleted, purged.
func translateMessage(e bot.Event, msgs *msgCache) (core.DiscordEvent, bool) {
	switch ev := e.(type) {
	case *events.GuildMessageCreate:
		m := ev.Message
		msgs.put(cachedMessage(m))
		out := core.MessageCreated{GuildID: ev.GuildID.String(), ChannelID: ev.ChannelID.String(), MessageID: ev.MessageID.String(),
			AuthorID: m.Author.ID.String(), AuthorName: m.Author.Username, AuthorBot: m.Author.Bot, Content: m.Content, At: m.CreatedAt}
		if m.Member != nil {
			out.AuthorRoles = idStrings(m.Member.RoleIDs)
		}
		out.Embeds, out.Attachments = messageMedia(m)
		return out, true
	case *events.DMMessageCreate:
		m := ev.Message
		msgs.put(cachedMessage(m))
		if m.Author.Bot {
			return nil, false
		}
		return core.DirectMessage{ChannelID: ev.ChannelID.String(), MessageID: ev.MessageID.String(), AuthorID: m.Author.ID.String(),
			AuthorName: m.Author.Username, Content: m.Content, At: m.CreatedAt, Attachments: attachments(m)}, true
	case *events.GuildMessageUpdate:
		return messageUpdated(ev.GuildID.String(), ev.Message, msgs), true
	case *events.DMMessageUpdate:
		return messageUpdated("", ev.Message, msgs), true
	case *events.GuildMessageDelete:
		return messageDeleted(ev.GuildID.String(), ev.ChannelID, ev.MessageID, msgs), true
	case *events.DMMessageDelete:
		return messageDeleted("", ev.ChannelID, ev.MessageID, msgs), true
	case *events.Raw:
		if ev.EventType == gateway.EventTypeMessageDeleteBulk {
			return bulkDeleted(ev.Payload, msgs)
		}
	}
	return nil, false
}

func messageUpdated(guildID string, m discord.Message, msgs *msgCache) core.MessageUpdated {
	out := core.MessageUpdated{GuildID: guildID, ChannelID: m.ChannelID.String(), MessageID: m.ID.String(),
		AuthorID: m.Author.ID.String(), Content: m.Content}
	if m.EditedTimestamp != nil {
		out.EditedAt = *m.EditedTimestamp
	}
	if out.AuthorID == "0" {
		out.AuthorID = ""
	}
	if prev, ok := msgs.edit(cachedMessage(m)); ok {
		out.Previous = &prev
		if out.AuthorID == "" {
			out.AuthorID = prev.AuthorID
		}
	}
	return out
}

func messageDeleted(guildID string, channelID, messageID snowflake.ID, msgs *msgCache) core.MessageDeleted {
	out := core.MessageDeleted{GuildID: guildID, ChannelID: channelID.String(), MessageID: messageID.String()}
	if m, ok := msgs.remove(out.ChannelID, out.MessageID); ok {
		out.Cached = &m
	}
	return out
}

// rawBulkDelete is MESSAGE_DELETE_BULK as Discord sends it. disgo v0.18
// reads the ids from "id" and so reports none; the layer reads the raw
// dispatch (see the gateway's dispatch) instead.
type rawBulkDelete struct {
	IDs       []snowflake.ID `json:"ids"`
	ChannelID snowflake.ID   `json:"channel_id"`
	GuildID   *snowflake.ID  `json:"guild_id"`
}

func bulkDeleted(payload io.Reader, msgs *msgCache) (core.DiscordEvent, bool) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(payload); err != nil {
		return nil, false
	}
	var raw rawBulkDelete
	if err := jsonUnmarshal(buf.Bytes(), &raw); err != nil || len(raw.IDs) == 0 {
		return nil, false
	}
	out := core.MessagesBulkDeleted{ChannelID: raw.ChannelID.String(), MessageIDs: idStrings(raw.IDs)}
	if raw.GuildID != nil {
		out.GuildID = raw.GuildID.String()
	}
	for _, id := range out.MessageIDs {
		if m, ok := msgs.remove(out.ChannelID, id); ok {
			out.Cached = append(out.Cached, m)
		}
	}
	return out, true
}

func memberState(m discord.Member) core.MemberState {
	s := core.MemberState{Roles: idStrings(m.RoleIDs), TimeoutUntil: m.CommunicationDisabledUntil}
	if m.Nick != nil {
		s.Nick = *m.Nick
	}
	return s
}

// translateMember covers members joining, changing, leaving, and their
// voice states.
func translateMember(e bot.Event) (core.DiscordEvent, bool) {
	switch ev := e.(type) {
	case *events.GuildMemberJoin:
		u := ev.Member.User
		return core.MemberJoined{GuildID: ev.GuildID.String(), UserID: u.ID.String(), Username: u.Username, Bot: u.Bot,
			AccountCreated: u.ID.Time(), JoinedAt: ev.Member.JoinedAt}, true
	case *events.GuildMemberLeave:
		return core.MemberLeft{GuildID: ev.GuildID.String(), UserID: ev.User.ID.String(), Username: ev.User.Username}, true
	case *events.GuildMemberUpdate:
		now := memberState(ev.Member)
		out := core.MemberUpdated{GuildID: ev.GuildID.String(), UserID: ev.Member.User.ID.String(), Roles: now.Roles,
			Nick: now.Nick, TimeoutUntil: now.TimeoutUntil}
		if ev.OldMember.User.ID != 0 { // zero when the member was not cached
			prev := memberState(ev.OldMember)
			out.Previous = &prev
		}
		return out, true
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
	}
	return nil, false
}

func roleInfo(r discord.Role) core.RoleInfo {
	return core.RoleInfo{ID: r.ID.String(), Name: r.Name, Position: r.Position, Permissions: uint64(r.Permissions), Color: r.Color}
}

func channelInfo(c discord.GuildChannel) core.ChannelInfo {
	out := core.ChannelInfo{ID: c.ID().String(), Name: c.Name(), Type: core.ChannelType(c.Type()), Position: c.Position()}
	if p := c.ParentID(); p != nil {
		out.ParentID = p.String()
	}
	switch c := c.(type) {
	case discord.GuildVoiceChannel:
		out.UserLimit = c.UserLimit
	case discord.GuildMessageChannel:
		if t := c.Topic(); t != nil {
			out.Topic = *t
		}
	}
	return out
}

// translateGuild covers roles, channels and the bot's own guilds.
func translateGuild(e bot.Event, msgs *msgCache) (core.DiscordEvent, bool) {
	switch ev := e.(type) {
	case *events.RoleCreate:
		return core.RoleChanged{Change: core.Created, GuildID: ev.GuildID.String(), Role: roleInfo(ev.Role)}, true
	case *events.RoleUpdate:
		out := core.RoleChanged{Change: core.Updated, GuildID: ev.GuildID.String(), Role: roleInfo(ev.Role)}
		if ev.OldRole.ID != 0 {
			prev := roleInfo(ev.OldRole)
			out.Previous = &prev
		}
		return out, true
	case *events.RoleDelete:
		// disgo hands over the cached role; only its id when not cached.
		out := core.RoleChanged{Change: core.Deleted, GuildID: ev.GuildID.String(), Role: core.RoleInfo{ID: ev.RoleID.String()}}
		if ev.Role.ID != 0 {
			prev := roleInfo(ev.Role)
			out.Role, out.Previous = prev, &prev
		}
		return out, true
	case *events.GuildChannelCreate:
		return core.ChannelChanged{Change: core.Created, GuildID: ev.GuildID.String(), Channel: channelInfo(ev.Channel)}, true
	case *events.GuildChannelUpdate:
		out := core.ChannelChanged{Change: core.Updated, GuildID: ev.GuildID.String(), Channel: channelInfo(ev.Channel)}
		if ev.OldChannel != nil {
			prev := channelInfo(ev.OldChannel)
			out.Previous = &prev
		}
		return out, true
	case *events.GuildChannelDelete:
		msgs.forgetChannel(ev.ChannelID.String())
		return core.ChannelChanged{Change: core.Deleted, GuildID: ev.GuildID.String(), Channel: channelInfo(ev.Channel)}, true
	case *events.GuildReady:
		return core.GuildAvailable{GuildID: ev.Guild.ID.String(), Name: ev.Guild.Name, Members: ev.Guild.MemberCount}, true
	case *events.GuildJoin:
		return core.GuildAvailable{GuildID: ev.Guild.ID.String(), Name: ev.Guild.Name, Members: ev.Guild.MemberCount, Joined: true}, true
	case *events.GuildLeave:
		return core.GuildLeft{GuildID: ev.GuildID.String()}, true
	}
	return nil, false
}

func threadChanged(change core.Change, t discord.GuildThread) core.ThreadChanged {
	out := core.ThreadChanged{Change: change, GuildID: t.GuildID().String(), ThreadID: t.ID().String(), Name: t.Name(),
		Private: t.Type() == discord.ChannelTypeGuildPrivateThread, Archived: t.ThreadMetadata.Archived, Locked: t.ThreadMetadata.Locked}
	if p := t.ParentID(); p != nil {
		out.ParentID = p.String()
	}
	if t.OwnerID != 0 {
		out.OwnerID = t.OwnerID.String()
	}
	return out
}

func emojiString(e discord.PartialEmoji) string {
	name := ""
	if e.Name != nil {
		name = *e.Name
	}
	if e.ID != nil {
		return name + ":" + e.ID.String()
	}
	return name
}

// translateThreadAndMore covers threads, reactions and invites.
func translateThreadAndMore(e bot.Event) (core.DiscordEvent, bool) {
	switch ev := e.(type) {
	case *events.ThreadCreate:
		return threadChanged(core.Created, ev.Thread), true
	case *events.ThreadUpdate:
		return threadChanged(core.Updated, ev.Thread), true
	case *events.ThreadDelete:
		return core.ThreadChanged{Change: core.Deleted, GuildID: ev.GuildID.String(), ThreadID: ev.ThreadID.String(),
			ParentID: ev.ParentID.String(), Name: ev.Thread.Name()}, true
	case *events.ThreadMemberAdd:
		return core.ThreadMemberChanged{GuildID: ev.GuildID.String(), ThreadID: ev.ThreadID.String(), UserID: ev.ThreadMemberID.String(), Joined: true}, true
	case *events.ThreadMemberRemove:
		return core.ThreadMemberChanged{GuildID: ev.GuildID.String(), ThreadID: ev.ThreadID.String(), UserID: ev.ThreadMemberID.String()}, true
	case *events.GuildMessageReactionAdd:
		r := ev.GenericGuildMessageReaction
		return core.ReactionChanged{GuildID: r.GuildID.String(), ChannelID: r.ChannelID.String(), MessageID: r.MessageID.String(),
			UserID: r.UserID.String(), Emoji: emojiString(r.Emoji), Added: true}, true
	case *events.GuildMessageReactionRemove:
		r := ev.GenericGuildMessageReaction
		return core.ReactionChanged{GuildID: r.GuildID.String(), ChannelID: r.ChannelID.String(), MessageID: r.MessageID.String(),
			UserID: r.UserID.String(), Emoji: emojiString(r.Emoji)}, true
	case *events.DMMessageReactionAdd:
		r := ev.GenericDMMessageReaction
		return core.ReactionChanged{ChannelID: r.ChannelID.String(), MessageID: r.MessageID.String(),
			UserID: r.UserID.String(), Emoji: emojiString(r.Emoji), Added: true}, true
	case *events.DMMessageReactionRemove:
		r := ev.GenericDMMessageReaction
		return core.ReactionChanged{ChannelID: r.ChannelID.String(), MessageID: r.MessageID.String(),
			UserID: r.UserID.String(), Emoji: emojiString(r.Emoji)}, true
	case *events.InviteCreate:
		out := core.InviteChanged{Change: core.Created, ChannelID: ev.ChannelID.String(), Code: ev.Code,
			MaxAge: time.Duration(ev.MaxAge) * time.Second, MaxUses: ev.MaxUses}
		if ev.GuildID != nil {
			out.GuildID = ev.GuildID.String()
		}
		if ev.Inviter != nil {
			out.InviterID = ev.Inviter.ID.String()
		}
		if ev.MaxAge > 0 {
			exp := ev.CreatedAt.Add(out.MaxAge)
			out.ExpiresAt = &exp
		}
		return out, true
	case *events.InviteDelete:
		out := core.InviteChanged{Change: core.Deleted, ChannelID: ev.ChannelID.String(), Code: ev.Code}
		if ev.GuildID != nil {
			out.GuildID = ev.GuildID.String()
		}
		return out, true
	}
	return nil, false
}
