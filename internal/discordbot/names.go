package discordbot

import (
	"context"
	"sort"

	"github.com/disgoorg/disgo/discord"

	"github.com/warden-bot/warden/core"
)

// This file implements core.NameDirectory from disgo's cache: names are what
// the dashboard shows instead of ids, so they come from memory only.

func memberName(m discord.Member) core.MemberName {
	avatar := ""
	if m.Avatar != nil || m.User.Avatar != nil {
		avatar = m.EffectiveAvatarURL(discord.WithSize(64))
	}
	return core.MemberName{ID: m.User.ID.String(), DisplayName: m.EffectiveName(), Username: m.User.Username,
		Avatar: avatar, Bot: m.User.Bot}
}

// Members implements core.NameDirectory.
func (d *Discord) Members(_ context.Context, guildID string, ids []string) ([]core.MemberName, error) {
	if d.client == nil {
		return nil, core.ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	out := make([]core.MemberName, 0, len(ids))
	for _, id := range ids {
		uid, err := parseSnowflake(id)
		if err != nil {
			continue
		}
		if m, ok := d.client.Caches().Member(gid, uid); ok {
			out = append(out, memberName(m))
		}
	}
	return out, nil
}

// SearchMembers implements core.NameDirectory.
func (d *Discord) SearchMembers(_ context.Context, guildID, query string, limit int) ([]core.MemberName, error) {
	if d.client == nil {
		return nil, core.ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	var all []core.MemberName
	d.client.Caches().MembersForEach(gid, func(m discord.Member) { all = append(all, memberName(m)) })
	return core.SearchNames(all, query, limit, func(m core.MemberName) []string { return []string{m.DisplayName, m.Username, m.ID} }), nil
}

// Roles implements core.NameDirectory.
func (d *Discord) Roles(_ context.Context, guildID string) ([]core.RoleName, error) {
	if d.client == nil {
		return nil, core.ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	var out []core.RoleName
	d.client.Caches().RolesForEach(gid, func(r discord.Role) {
		out = append(out, core.RoleName{ID: r.ID.String(), Name: r.Name, Color: r.Color, Position: r.Position, Managed: r.Managed})
	})
	sort.Slice(out, func(i, j int) bool {
		return out[i].Position > out[j].Position || (out[i].Position == out[j].Position && out[i].ID < out[j].ID)
	})
	return out, nil
}

// Channels implements core.NameDirectory.
func (d *Discord) Channels(_ context.Context, guildID string) ([]core.ChannelName, error) {
	if d.client == nil {
		return nil, core.ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	var out []core.ChannelName
	d.client.Caches().ChannelsForEach(func(c discord.GuildChannel) {
		if c.GuildID() != gid {
			return
		}
		n := core.ChannelName{ID: c.ID().String(), Name: c.Name(), Kind: channelKind(c.Type()), Position: c.Position()}
		if p := c.ParentID(); p != nil {
			n.ParentID = p.String()
		}
		out = append(out, n)
	})
	sort.Slice(out, func(i, j int) bool {
		return out[i].Position < out[j].Position || (out[i].Position == out[j].Position && out[i].ID < out[j].ID)
	})
	return out, nil
}

func channelKind(t discord.ChannelType) string {
	switch t {
	case discord.ChannelTypeGuildText, discord.ChannelTypeGuildNews, discord.ChannelTypeGuildForum, discord.ChannelTypeGuildMedia:
		return core.ChannelKindText
	case discord.ChannelTypeGuildVoice, discord.ChannelTypeGuildStageVoice:
		return core.ChannelKindVoice
	case discord.ChannelTypeGuildCategory:
		return core.ChannelKindCategory
	default:
		return core.ChannelKindOther
	}
}

var _ core.NameDirectory = (*Discord)(nil)
