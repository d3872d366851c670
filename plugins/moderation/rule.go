package moderation

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// TriggerType is what an automod rule looks for in a message.
type TriggerType string

// The trigger types.
const (
	TriggerWords    TriggerType = "words"
	TriggerRegex    TriggerType = "regex"
	TriggerInvites  TriggerType = "invites"
	TriggerLinks    TriggerType = "links"
	TriggerMentions TriggerType = "mentions"
	TriggerCaps     TriggerType = "caps"
	TriggerRepeat   TriggerType = "repeat"
)

// Trigger is a rule's test. Only the fields of its Type are used.
type Trigger struct {
	Type TriggerType `json:"type"`
	// Words match whole words, ignoring case (words).
	Words []string `json:"words,omitempty"`
	// Pattern is an RE2 regular expression (regex).
	Pattern string `json:"pattern,omitempty"`
	// Domains and DomainMode: "deny" matches links to these domains or
	// their subdomains, "allow" matches links anywhere else (links).
	Domains    []string `json:"domains,omitempty"`
	DomainMode string   `json:"domainMode,omitempty"`
	// MaxMentions matches messages with at least so many mentions (mentions).
	MaxMentions int `json:"maxMentions,omitempty"`
	// CapsPercent matches messages of at least MinLength letters of which
	// this share or more is upper case (caps).
	CapsPercent int `json:"capsPercent,omitempty"`
	MinLength   int `json:"minLength,omitempty"`
	// Count and WindowSeconds match a member sending the same message Count
	// times within the window (repeat).
	Count         int `json:"count,omitempty"`
	WindowSeconds int `json:"windowSeconds,omitempty"`
}

// Conditions limit where and to whom a rule applies.
type Conditions struct {
	IgnoredRoles    []string `json:"ignoredRoles"`
	IgnoredChannels []string `json:"ignoredChannels"`
	// MinAccountAgeDays, when set, makes the rule apply only to accounts
	// younger than so many days: older accounts are trusted.
	MinAccountAgeDays int `json:"minAccountAgeDays"`
}

// RuleActionType is what a rule does when it matches.
type RuleActionType string

// The rule actions.
const (
	RuleDelete  RuleActionType = "delete"
	RuleWarn    RuleActionType = "warn"
	RuleTimeout RuleActionType = "timeout"
	RuleKick    RuleActionType = "kick"
	RuleBan     RuleActionType = "ban"
	RuleAlert   RuleActionType = "alert"
)

// RuleAction is one effect of a matching rule.
type RuleAction struct {
	Type            RuleActionType `json:"type"`
	Points          int            `json:"points,omitempty"`
	DurationSeconds int64          `json:"durationSeconds,omitempty"`
	// ChannelID receives the alert (alert).
	ChannelID string `json:"channelId,omitempty"`
}

// RuleInput is the part of a rule its author writes.
type RuleInput struct {
	Name       string       `json:"name"`
	Enabled    bool         `json:"enabled"`
	Trigger    Trigger      `json:"trigger"`
	Conditions Conditions   `json:"conditions"`
	Actions    []RuleAction `json:"actions"`
}

// Rule is a stored automod rule.
type Rule struct {
	store.Meta
	GuildID string `json:"guildId"`
	RuleInput
	// PresetID names the preset that created the rule, if any.
	PresetID string `json:"presetId,omitempty"`
	// Hits counts the messages the rule matched; it is kept apart from
	// the rule (see ruleHits) so that a hit never changes its version.
	Hits      int64     `json:"hits"`
	CreatedAt time.Time `json:"createdAt"`
	core.Stamp
}

// Guild implements core.VersionedDoc.
func (r *Rule) Guild() string { return r.GuildID }

// Limits on rules.
const (
	maxRulesPerGuild = 50
	maxWords         = 500
	maxWordLen       = 64
	maxPatternLen    = 512
	maxPatternInsts  = 3000
	maxDomains       = 200
	maxIgnored       = 50
	maxActions       = 6
)

// validate checks a rule and compiles its trigger, naming the bad field.
func (r *RuleInput) validate() (*compiledRule, error) {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" || utf8.RuneCountInString(r.Name) > 64 {
		return nil, core.BadRequest("name: 1-64 characters")
	}
	if err := r.Conditions.validate(); err != nil {
		return nil, err
	}
	if len(r.Actions) == 0 || len(r.Actions) > maxActions {
		return nil, core.BadRequest("actions: 1-%d actions", maxActions)
	}
	seen := map[RuleActionType]bool{}
	for i, a := range r.Actions {
		if seen[a.Type] {
			return nil, core.BadRequest("actions[%d].type: %q is given twice", i, a.Type)
		}
		seen[a.Type] = true
		if err := a.validate(fmt.Sprintf("actions[%d]", i)); err != nil {
			return nil, err
		}
	}
	return compileTrigger(&r.Trigger)
}

func (c *Conditions) validate() error {
	if c.IgnoredRoles == nil {
		c.IgnoredRoles = []string{}
	}
	if c.IgnoredChannels == nil {
		c.IgnoredChannels = []string{}
	}
	for _, list := range []struct {
		name string
		ids  []string
	}{{"conditions.ignoredRoles", c.IgnoredRoles}, {"conditions.ignoredChannels", c.IgnoredChannels}} {
		if len(list.ids) > maxIgnored {
			return core.BadRequest("%s: at most %d ids", list.name, maxIgnored)
		}
		for i, id := range list.ids {
			if !core.IsSnowflake(id) {
				return core.BadRequest("%s[%d]: %q is not an id", list.name, i, id)
			}
		}
	}
	if c.MinAccountAgeDays < 0 || c.MinAccountAgeDays > 3650 {
		return core.BadRequest("conditions.minAccountAgeDays: must be 0-3650")
	}
	return nil
}

func (a *RuleAction) validate(field string) error {
	d := secondsDuration(a.DurationSeconds)
	if a.Points < 0 || a.Points > maxPoints {
		return core.BadRequest("%s.points: must be 0-%d", field, maxPoints)
	}
	switch a.Type {
	case RuleTimeout:
		return checkDuration(field+".durationSeconds", a.DurationSeconds, maxTimeout, false)
	case RuleBan:
		return checkDuration(field+".durationSeconds", a.DurationSeconds, maxBan, true)
	case RuleAlert:
		if !core.IsSnowflake(a.ChannelID) {
			return core.BadRequest("%s.channelId: an alert needs a channel id", field)
		}
	case RuleDelete, RuleWarn, RuleKick:
	default:
		return core.BadRequest("%s.type: %q must be delete, warn, timeout, kick, ban or alert", field, a.Type)
	}
	if d != 0 {
		return core.BadRequest("%s.durationSeconds: a %s has no duration", field, a.Type)
	}
	return nil
}
