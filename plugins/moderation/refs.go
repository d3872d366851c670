package moderation

import (
	"fmt"

	"github.com/warden-bot/warden/core"
)

// checkRefs refuses channel and role ids that are not in the guild, naming
// the field. Without a Discord connection the ids cannot be checked and
// pass: their form was already validated.
func (s *Service) checkRefs(guildID string, refs []ref) error {
	dc := s.enforcer()
	if dc == nil {
		return nil
	}
	for _, r := range refs {
		if r.id != "" && !dc.Known(guildID, r.id, r.role) {
			what := "channel"
			if r.role {
				what = "role"
			}
			return core.BadRequest("%s: %s %s is not in this server", r.field, what, r.id)
		}
	}
	return nil
}

// configRefs lists the ids a config document refers to.
func configRefs(c *Config) []ref {
	refs := []ref{{field: "modLogChannelId", id: c.ModLogChannelID}}
	for i, id := range c.ModeratorRoles {
		refs = append(refs, ref{field: fmt.Sprintf("moderatorRoles[%d]", i), id: id, role: true})
	}
	return refs
}

// ruleRefs lists the ids a rule refers to.
func ruleRefs(r *RuleInput, prefix string) []ref {
	var refs []ref
	for i, id := range r.Conditions.IgnoredRoles {
		refs = append(refs, ref{field: fmt.Sprintf("%sconditions.ignoredRoles[%d]", prefix, i), id: id, role: true})
	}
	for i, id := range r.Conditions.IgnoredChannels {
		refs = append(refs, ref{field: fmt.Sprintf("%sconditions.ignoredChannels[%d]", prefix, i), id: id})
	}
	for i, a := range r.Actions {
		refs = append(refs, ref{field: fmt.Sprintf("%sactions[%d].channelId", prefix, i), id: a.ChannelID})
	}
	return refs
}
