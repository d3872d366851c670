package core

import (
	"context"
	"sort"
	"strings"

	"github.com/disgoorg/disgo/discord"
)

// This file implements NameDirectory from disgo's cache: names are what
// the dashboard shows instead of ids, so they come from memory only.

func memberName(m discord.Member) MemberName {
	avatar := ""
	if m.Avatar != nil || m.User.Avatar != nil {
		avatar = m.EffectiveAvatarURL(discord.WithSize(64))
	}
	return MemberName{ID: m.User.ID.String(), DisplayName: m.EffectiveName(), Username: m.User.Username,
		Avatar: avatar, Bot: m.User.Bot}
}

// Members implements NameDirectory.
func (d *Discord) Members(_ context.Context, guildID string, ids []string) ([]MemberName, error) {
	if d.client == nil {
		return nil, ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	out := make([]MemberName, 0, len(ids))
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

// SearchMembers implements NameDirectory.
func (d *Discord) SearchMembers(_ context.Context, guildID, query string, limit int) ([]MemberName, error) {
	if d.client == nil {
		return nil, ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	var all []MemberName
	d.client.Caches().MembersForEach(gid, func(m discord.Member) { all = append(all, memberName(m)) })
	return SearchNames(all, query, limit, func(m MemberName) []string { return []string{m.DisplayName, m.Username, m.ID} }), nil
}

// Roles implements NameDirectory.
func (d *Discord) Roles(_ context.Context, guildID string) ([]RoleName, error) {
	if d.client == nil {
		return nil, ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	var out []RoleName
	d.client.Caches().RolesForEach(gid, func(r discord.Role) {
		out = append(out, RoleName{ID: r.ID.String(), Name: r.Name, Color: r.Color, Position: r.Position, Managed: r.Managed})
	})
	sort.Slice(out, func(i, j int) bool {
		return out[i].Position > out[j].Position || (out[i].Position == out[j].Position && out[i].ID < out[j].ID)
	})
	return out, nil
}

// Channels implements NameDirectory.
func (d *Discord) Channels(_ context.Context, guildID string) ([]ChannelName, error) {
	if d.client == nil {
		return nil, ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return nil, err
	}
	var out []ChannelName
	d.client.Caches().ChannelsForEach(func(c discord.GuildChannel) {
		if c.GuildID() != gid {
			return
		}
		n := ChannelName{ID: c.ID().String(), Name: c.Name(), Kind: channelKind(c.Type()), Position: c.Position()}
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
		return ChannelText
	case discord.ChannelTypeGuildVoice, discord.ChannelTypeGuildStageVoice:
		return ChannelVoice
	case discord.ChannelTypeGuildCategory:
		return ChannelCategory
	default:
		return ChannelOther
	}
}

// SearchNames returns at most limit items whose keys match query
// (case-insensitive): those with a key starting with it first, then those
// containing it, each group in the order of the first key.
func SearchNames[T any](items []T, query string, limit int, keys func(T) []string) []T {
	q := strings.ToLower(strings.TrimSpace(query))
	type hit struct {
		item T
		rank int
		name string
	}
	var hits []hit
	for _, it := range items {
		ks := keys(it)
		rank := -1
		for _, k := range ks {
			k = strings.ToLower(k)
			switch {
			case strings.HasPrefix(k, q):
				rank = 0
			case rank < 0 && strings.Contains(k, q):
				rank = 1
			}
			if rank == 0 {
				break
			}
		}
		if rank >= 0 {
			name := ""
			if len(ks) > 0 {
				name = strings.ToLower(ks[0])
			}
			hits = append(hits, hit{it, rank, name})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		return hits[i].rank < hits[j].rank || (hits[i].rank == hits[j].rank && hits[i].name < hits[j].name)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]T, len(hits))
	for i, h := range hits {
		out[i] = h.item
	}
	return out
}

var _ NameDirectory = (*Discord)(nil)
