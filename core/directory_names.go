package core

import (
	"context"
	"sort"
	"strings"
)

// MemberName is how the dashboard shows a member: display name, username
// and avatar (a CDN URL, empty for Discord's default avatar).
type MemberName struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Username    string `json:"username"`
	Avatar      string `json:"avatar"`
	Bot         bool   `json:"bot,omitempty"`
}

// RoleName is how the dashboard shows a role: its name and colour
// (Discord's integer RGB; zero means none).
type RoleName struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Color    int    `json:"color"`
	Position int    `json:"position"`
	Managed  bool   `json:"managed,omitempty"`
}

// Channel kinds as the dashboard shows and filters them (ChannelType is
// Discord's number).
const (
	ChannelKindText     = "text"
	ChannelKindVoice    = "voice"
	ChannelKindCategory = "category"
	ChannelKindOther    = "other"
)

// ChannelName is how the dashboard shows a channel: its name, its kind
// (ChannelKindText, ChannelKindVoice, ChannelKindCategory or ChannelKindOther) and the
// category it sits in.
type ChannelName struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	ParentID string `json:"parentId,omitempty"`
	Position int    `json:"position"`
}

// NameDirectory is the optional capability of a GuildDirectory that knows
// names: the dashboard turns ids into members, roles and channels with it
// and searches them for its pickers. Every method answers from the bot's
// cache, never by a Discord request per id; an id it does not know is
// left out of the answer.
type NameDirectory interface {
	// Members returns the named members of the guild it knows.
	Members(ctx context.Context, guildID string, ids []string) ([]MemberName, error)
	// SearchMembers returns at most limit members whose display name,
	// username or id starts with or contains query (case-insensitive),
	// best matches first; an empty query lists members by name.
	SearchMembers(ctx context.Context, guildID, query string, limit int) ([]MemberName, error)
	// Roles returns every role of the guild, highest first.
	Roles(ctx context.Context, guildID string) ([]RoleName, error)
	// Channels returns every channel of the guild, in Discord's order.
	Channels(ctx context.Context, guildID string) ([]ChannelName, error)
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
