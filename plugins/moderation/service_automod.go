package moderation

import (
	"context"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core"
)

// HandleMessage runs the guild's automod rules on a message and carries out
// the actions of every rule it matches. Each action type runs at most once
// per message, so two matching rules never delete or ban twice.
func (s *Service) HandleMessage(ctx context.Context, m *Message) error {
	if m.AuthorIsBot || !core.IsSnowflake(m.GuildID) || !core.IsSnowflake(m.AuthorID) {
		return nil
	}
	g, err := s.automod(ctx, m.GuildID)
	if err != nil || !g.enabled {
		return err
	}
	hits := evaluate(g.rules, m, s.repeats, s.now())
	if len(hits) == 0 {
		return nil
	}
	done := map[RuleActionType]bool{}
	for _, h := range hits {
		for _, a := range h.Rule.Actions {
			if done[a.Type] {
				continue
			}
			done[a.Type] = true
			if err := s.ruleAction(ctx, m, h.Rule, a); err != nil {
				s.log.Warn("automod action failed", "guild", m.GuildID, "rule", h.Rule.ID, "action", a.Type, "err", err)
			}
		}
		_, err := s.st.ruleHits.Upsert(ctx, h.Rule.ID, func(d *ruleHits, _ bool) error {
			d.GuildID = m.GuildID
			d.Hits++
			return nil
		})
		if err != nil {
			s.log.Warn("count automod hit", "guild", m.GuildID, "rule", h.Rule.ID, "err", err)
		}
	}
	s.stats.Mark(m.GuildID)
	return nil
}

// ruleAction carries out one action of a matched rule.
func (s *Service) ruleAction(ctx context.Context, m *Message, r *Rule, a RuleAction) error {
	dc := s.enforcer()
	switch a.Type {
	case RuleDelete:
		if dc == nil {
			return ErrNoDiscord
		}
		return dc.Apply(ctx, Action{Kind: ActDeleteMessage, GuildID: m.GuildID, ChannelID: m.ChannelID, MessageID: m.MessageID,
			Reason: "automod: " + r.Name})
	case RuleAlert:
		if dc == nil {
			return ErrNoDiscord
		}
		return dc.Send(ctx, a.ChannelID, alertText(m, r))
	}
	points := a.Points
	_, err := s.Act(ctx, ActionRequest{
		GuildID: m.GuildID, Type: CaseType(a.Type), TargetID: m.AuthorID, Points: &points,
		DurationSeconds: a.DurationSeconds, Source: SourceAutomod, RuleID: r.ID, RuleName: r.Name,
		Reason: fmt.Sprintf("automod: %s", r.Name),
	})
	return err
}

func alertText(m *Message, r *Rule) string {
	content := strings.ReplaceAll(m.Content, "\n", " ")
	content = truncate(content, 300)
	return fmt.Sprintf("Automod rule **%s** matched a message by <@%s> in <#%s>:\n> %s", r.Name, m.AuthorID, m.ChannelID, content)
}
