package core

import (
	"sync"
	"time"
)

// accessCacheTTL is how long a user's guild list is reused. Listing means
// one access check per guild the bot is in (with a grant read each); a
// client sending auth frames, or a dashboard polling /api/guilds, would
// otherwise repeat all of it every time.
const accessCacheTTL = 10 * time.Second

// maxCachedUsers bounds the cache; past it, it starts over.
const maxCachedUsers = 10_000

// AccessInvalidator is implemented by access checkers that cache: grant,
// role and membership changes call it (through Core.InvalidateAccess) so
// that the next answer is fresh.
type AccessInvalidator interface {
	// InvalidateAccess drops what is cached about a guild's access.
	InvalidateAccess(guildID string)
}

// accessCache holds users' guild lists for a short time. Single checks
// (Check, asked on every subscribe, API call and recheck) are never
// cached, so a revoked grant still takes effect at once.
type accessCache struct {
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	gen   uint64 // bumped by every invalidation
	users map[string]cachedGuilds
}

type cachedGuilds struct {
	ids []string
	at  time.Time
}

func newAccessCache() *accessCache {
	return &accessCache{ttl: accessCacheTTL, now: time.Now, users: map[string]cachedGuilds{}}
}

// get returns a user's cached list, and the generation a list computed now
// must be put back with.
func (c *accessCache) get(user string) (ids []string, ok bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.users[user]
	if ok && c.now().Sub(e.at) < c.ttl {
		return e.ids, true, c.gen
	}
	return nil, false, c.gen
}

// put stores a list computed from data read at generation gen; it is
// dropped if an invalidation came in meanwhile.
func (c *accessCache) put(user string, ids []string, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.users) >= maxCachedUsers {
		clear(c.users)
	}
	c.users[user] = cachedGuilds{ids: ids, at: c.now()}
}

// invalidate drops every cached list: a change in one guild can add it to
// or remove it from anyone's list.
func (c *accessCache) invalidate() {
	c.mu.Lock()
	c.gen++
	clear(c.users)
	c.mu.Unlock()
}
