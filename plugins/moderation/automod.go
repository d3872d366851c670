package moderation

import (
	"slices"
	"sync"
	"time"
)

// Message is what automod needs of a Discord message. discord.go builds it
// from the gateway event; the engine never sees a Discord type.
type Message struct {
	GuildID   string
	ChannelID string
	MessageID string
	AuthorID  string
	// AuthorRoles are the author's role ids in the guild.
	AuthorRoles []string
	// AuthorCreatedAt is when the author's account was created.
	AuthorCreatedAt time.Time
	AuthorIsBot     bool
	Content         string
	// Mentions counts user and role mentions Discord resolved.
	Mentions int
	SentAt   time.Time
}

// Hit is one rule a message matched.
type Hit struct {
	Rule *Rule
}

// cacheTTL bounds how stale another instance's rule change can be here;
// this instance's own changes drop its cache at once.
const cacheTTL = 30 * time.Second

// engine holds each guild's compiled rules.
type engine struct {
	mu     sync.Mutex
	guilds map[string]*guildRules
}

type guildRules struct {
	// enabled is the config's automodEnabled, cached with the rules so a
	// message costs no database read.
	enabled bool
	rules   []*compiledRule
	loaded  time.Time
}

func newEngine() *engine { return &engine{guilds: map[string]*guildRules{}} }

// get returns the guild's automod state if fresh.
func (e *engine) get(guildID string, now time.Time) (*guildRules, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	g, ok := e.guilds[guildID]
	if !ok || now.Sub(g.loaded) > cacheTTL {
		return nil, false
	}
	return g, true
}

func (e *engine) put(guildID string, g *guildRules) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.guilds[guildID] = g
}

// forget drops a guild's state after its config or one of its rules
// changed.
func (e *engine) forget(guildID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.guilds, guildID)
}

// evaluate returns the rules m matches, in rule order.
func evaluate(rules []*compiledRule, m *Message, repeats *repeatTracker, now time.Time) []Hit {
	var hits []Hit
	for _, cr := range rules {
		if !cr.rule.Enabled || !applies(&cr.rule.Conditions, m, now) {
			continue
		}
		matched := cr.match(m)
		if cr.repeat != nil {
			matched = repeats.count(m, cr.rule.ID, time.Duration(cr.repeat.WindowSeconds)*time.Second, now) >= cr.repeat.Count
		}
		if matched {
			hits = append(hits, Hit{Rule: cr.rule})
		}
	}
	return hits
}

// applies checks a rule's conditions against the message.
func applies(c *Conditions, m *Message, now time.Time) bool {
	if slices.Contains(c.IgnoredChannels, m.ChannelID) {
		return false
	}
	for _, r := range m.AuthorRoles {
		if slices.Contains(c.IgnoredRoles, r) {
			return false
		}
	}
	if c.MinAccountAgeDays > 0 && !m.AuthorCreatedAt.IsZero() &&
		now.Sub(m.AuthorCreatedAt) >= time.Duration(c.MinAccountAgeDays)*24*time.Hour {
		return false
	}
	return true
}
