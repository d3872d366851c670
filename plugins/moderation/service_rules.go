package moderation

import (
	"context"
	"errors"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Deleted is the payload of a *_deleted event: the id and who deleted it.
type Deleted struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	UpdatedBy string `json:"updatedBy"`
}

// newRuleDocs returns the rules as versioned documents: validated and
// checked against the guild on every write, audited, and broadcast.
func (s *Service) newRuleDocs(coll *store.Collection[Rule]) *core.Versioned[Rule, *Rule] {
	return core.NewVersioned[Rule](s.pc, coll, core.VersionedOptions[Rule]{
		Kind: "rule",
		Check: func(_ context.Context, guildID string, r *Rule) error {
			if _, err := r.validate(); err != nil {
				return err
			}
			return s.checkRefs(guildID, ruleRefs(&r.RuleInput, ""))
		},
		PerGuild:       maxRulesPerGuild,
		Duplicate:      "a rule with that name already exists",
		Created:        EventRuleCreated,
		Updated:        EventRuleUpdated,
		Deleted:        EventRuleDeleted,
		DeletedPayload: func(r *Rule, by string) any { return Deleted{ID: r.ID, Name: r.Name, UpdatedBy: by} },
		Changed:        s.engine.forget,
	})
}

// Rules returns a guild's automod rules in creation order, with their hits.
func (s *Service) Rules(ctx context.Context, guildID string) ([]Rule, error) {
	p, err := s.ListRules(ctx, guildID, rulesQuery(guildID).Limit(maxRulesPerGuild))
	return p.Items, err
}

func rulesQuery(guildID string) store.Query {
	return store.Where("guildId", guildID).OrderBy("createdAt")
}

// ListRules returns a page of a guild's rules, with their hits.
func (s *Service) ListRules(ctx context.Context, guildID string, q store.Query) (store.Page[Rule], error) {
	p, err := s.rules.Page(ctx, q)
	if err != nil {
		return p, err
	}
	hits, err := s.st.ruleHits.Find(ctx, store.Where("guildId", guildID).Limit(maxRulesPerGuild*4))
	if err != nil {
		return p, fmt.Errorf("rule hits of guild %s: %w", guildID, err)
	}
	byRule := make(map[string]int64, len(hits))
	for _, h := range hits {
		byRule[h.ID] = h.Hits
	}
	for i := range p.Items {
		p.Items[i].Hits = byRule[p.Items[i].ID]
	}
	return p, nil
}

// Rule returns one rule, or NOT_FOUND.
func (s *Service) Rule(ctx context.Context, guildID, id string) (*Rule, error) {
	r, err := s.rules.Get(ctx, guildID, id)
	if err != nil {
		return nil, err
	}
	s.withHits(ctx, r)
	return r, nil
}

func (s *Service) withHits(ctx context.Context, r *Rule) {
	if h, err := s.st.ruleHits.Get(ctx, r.ID); err == nil {
		r.Hits = h.Hits
	}
}

// CreateRule validates and stores a rule and broadcasts
// moderation:rule_created with the saved rule.
func (s *Service) CreateRule(ctx context.Context, guildID string, in RuleInput, by string) (*Rule, error) {
	return s.createRule(ctx, guildID, in, "", by)
}

func (s *Service) createRule(ctx context.Context, guildID string, in RuleInput, presetID, by string) (*Rule, error) {
	return s.rules.Create(ctx, &Rule{GuildID: guildID, RuleInput: in, PresetID: presetID, CreatedAt: s.now()}, by)
}

// UpdateRule replaces a rule's content if version is the stored one, and
// broadcasts moderation:rule_updated. A stale version is a CONFLICT
// carrying the stored rule.
func (s *Service) UpdateRule(ctx context.Context, guildID, id string, in RuleInput, version int64, by string) (*Rule, error) {
	return s.writeRule(ctx, guildID, id, version, func(r *Rule) { r.RuleInput = in }, by)
}

// SetRuleEnabled turns a rule on or off (PATCH) without a version check:
// the toggle is meant to win, and its event tells every dashboard.
func (s *Service) SetRuleEnabled(ctx context.Context, guildID, id string, enabled bool, by string) (*Rule, error) {
	return s.writeRule(ctx, guildID, id, 0, func(r *Rule) { r.Enabled = enabled }, by)
}

// writeRule changes a rule, at version when non-zero (otherwise on
// whatever version is stored), and broadcasts moderation:rule_updated.
func (s *Service) writeRule(ctx context.Context, guildID, id string, version int64, change func(*Rule), by string) (*Rule, error) {
	r, err := s.rules.Update(ctx, guildID, id, version, by, func(r *Rule) error {
		change(r)
		s.withHits(ctx, r)
		return nil
	})
	return r, err
}

// DeleteRule removes a rule and broadcasts moderation:rule_deleted.
func (s *Service) DeleteRule(ctx context.Context, guildID, id, by string) error {
	if _, err := s.rules.Delete(ctx, guildID, id, 0, by); err != nil {
		return err
	}
	if _, err := s.st.ruleHits.Delete(ctx, id, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("delete rule hits", "guild", guildID, "rule", id, "err", err)
	}
	return nil
}

// automod returns the guild's automod state, from the cache when fresh:
// whether automod is on and the rules ready to test messages. A stored rule
// that no longer compiles is skipped and logged rather than stopping the
// others.
func (s *Service) automod(ctx context.Context, guildID string) (*guildRules, error) {
	now := s.now()
	if g, ok := s.engine.get(guildID, now); ok {
		return g, nil
	}
	cfg, err := s.config.Get(ctx, guildID)
	if err != nil {
		return nil, err
	}
	g := &guildRules{enabled: cfg.AutomodEnabled, loaded: now}
	if g.enabled {
		stored, err := s.Rules(ctx, guildID)
		if err != nil {
			return nil, err
		}
		for i := range stored {
			cr, err := stored[i].validate()
			if err != nil {
				s.log.Warn("stored automod rule does not compile; skipped", "guild", guildID, "rule", stored[i].ID, "err", err)
				continue
			}
			cr.rule = &stored[i]
			g.rules = append(g.rules, cr)
		}
	}
	s.engine.put(guildID, g)
	return g, nil
}
