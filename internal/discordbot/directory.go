package discordbot

import (
	"github.com/warden-bot/warden/core"

	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"
)

// This file implements GuildDirectory from disgo's cache, with a REST member
// fetch cached briefly for members the cache does not hold.

func parseSnowflake(s string) (snowflake.ID, error) {
	if !core.IsSnowflake(s) {
		return 0, core.BadRequest("%q is not a Discord id", s)
	}
	id, err := snowflake.Parse(s)
	if err != nil {
		return 0, core.BadRequest("%q is not a Discord id", s)
	}
	return id, nil
}

func guildSummary(g discord.Guild) core.GuildSummary {
	icon := ""
	if g.Icon != nil {
		icon = *g.Icon
	}
	return core.GuildSummary{ID: g.ID.String(), Name: g.Name, Icon: icon, OwnerID: g.OwnerID.String()}
}

// Guilds implements GuildDirectory: the guilds in the cache, by name.
func (d *Discord) Guilds(context.Context) ([]core.GuildSummary, error) {
	if d.client == nil {
		return nil, core.ErrDiscordUnavailable
	}
	var out []core.GuildSummary
	d.client.Caches().GuildsForEach(func(g discord.Guild) { out = append(out, guildSummary(g)) })
	sort.Slice(out, func(i, j int) bool {
		return out[i].Name < out[j].Name || (out[i].Name == out[j].Name && out[i].ID < out[j].ID)
	})
	return out, nil
}

// Guild implements GuildDirectory.
func (d *Discord) Guild(_ context.Context, guildID string) (core.GuildSummary, bool, error) {
	if d.client == nil {
		return core.GuildSummary{}, false, core.ErrDiscordUnavailable
	}
	id, err := parseSnowflake(guildID)
	if err != nil {
		return core.GuildSummary{}, false, nil
	}
	g, ok := d.client.Caches().Guild(id)
	if !ok {
		return core.GuildSummary{}, false, nil
	}
	return guildSummary(g), true, nil
}

// Member implements GuildDirectory: roles and guild-level permissions from
// the cache, or from a REST fetch cached for 30 s.
func (d *Discord) Member(ctx context.Context, guildID, userID string) (core.MemberInfo, error) {
	if d.client == nil {
		return core.MemberInfo{}, core.ErrDiscordUnavailable
	}
	gid, err := parseSnowflake(guildID)
	if err != nil {
		return core.MemberInfo{}, err
	}
	uid, err := parseSnowflake(userID)
	if err != nil {
		return core.MemberInfo{}, err
	}
	caches := d.client.Caches()
	if _, ok := caches.Guild(gid); !ok {
		return core.MemberInfo{}, nil
	}
	if m, ok := caches.Member(gid, uid); ok {
		return memberInfo(caches.MemberPermissions(m), m), nil
	}
	key := guildID + "/" + userID
	if info, ok := d.members.get(key); ok {
		return info, nil
	}
	m, err := d.client.Rest().GetMember(gid, uid, rest.WithCtx(ctx))
	var info core.MemberInfo
	switch derr := DiscordError("look up the member", err); {
	case err == nil:
		info = memberInfo(caches.MemberPermissions(*m), *m)
	case errors.Is(derr, core.ErrDiscordUnknownMember), errors.Is(derr, core.ErrDiscordUnknownUser):
		info = core.MemberInfo{}
	default:
		return core.MemberInfo{}, fmt.Errorf("guild %s member %s: %w", guildID, userID, derr)
	}
	d.members.put(key, info)
	return info, nil
}

func memberInfo(p discord.Permissions, m discord.Member) core.MemberInfo {
	return core.MemberInfo{IsMember: true, Roles: idStrings(m.RoleIDs), Permissions: uint64(p), JoinedAt: m.JoinedAt}
}

// memberCache holds REST member lookups for a short time.
type memberCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]memberEntry
}

type memberEntry struct {
	info core.MemberInfo
	at   time.Time
}

// maxMemberCache bounds the cache; past it, expired entries are swept.
const maxMemberCache = 10_000

func newMemberCache(ttl time.Duration) *memberCache {
	return &memberCache{ttl: ttl, m: map[string]memberEntry{}}
}

func (c *memberCache) get(key string) (core.MemberInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || time.Since(e.at) > c.ttl {
		return core.MemberInfo{}, false
	}
	return e.info, true
}

func (c *memberCache) put(key string, info core.MemberInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxMemberCache {
		for k, e := range c.m {
			if time.Since(e.at) > c.ttl {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxMemberCache {
			c.m = map[string]memberEntry{}
		}
	}
	c.m[key] = memberEntry{info: info, at: time.Now()}
}
