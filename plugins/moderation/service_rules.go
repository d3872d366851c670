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

// Rules returns a guild's automod rules in creation order, with their hits.
func (s *Service) Rules(ctx context.Context, guildID string) ([]Rule, error) {
	rules, err := s.st.rules.Find(ctx, store.Where("guildId", guildID).OrderBy("createdAt").Limit(maxRulesPerGuild))
	if err != nil {
		return nil, fmt.Errorf("rules of guild %s: %w", guildID, err)
	}
	hits, err := s.st.ruleHits.Find(ctx, store.Where("guildId", guildID).Limit(maxRulesPerGuild*4))
	if err != nil {
		return nil, fmt.Errorf("rule hits of guild %s: %w", guildID, err)
	}
	byRule := make(map[string]int64, len(hits))
	for _, h := range hits {
		byRule[h.ID] = h.Hits
	}
	for i := range rules {
		rules[i].Hits = byRule[rules[i].ID]
	}
	return rules, nil
}

// Rule returns one rule, or NOT_FOUND.
func (s *Service) Rule(ctx context.Context, guildID, id string) (*Rule, error) {
	r, err := s.st.rules.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && r.GuildID != guildID {
		return nil, core.Errorf(core.CodeNotFound, "rule %q does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("rule %s of guild %s: %w", id, guildID, err)
	}
	if h, err := s.st.ruleHits.Get(ctx, id); err == nil {
		r.Hits = h.Hits
	}
	return r, nil
}

// CreateRule validates and stores a rule and broadcasts
// moderation:rule_created with the saved rule.
func (s *Service) CreateRule(ctx context.Context, guildID string, in RuleInput, by string) (*Rule, error) {
	return s.createRule(ctx, guildID, in, "", by)
}

func (s *Service) createRule(ctx context.Context, guildID string, in RuleInput, presetID, by string) (*Rule, error) {
	if _, err := in.validate(); err != nil {
		return nil, err
	}
	if err := s.checkRefs(guildID, ruleRefs(&in, "")); err != nil {
		return nil, err
	}
	n, err := s.st.rules.Count(ctx, store.Where("guildId", guildID))
	if err != nil {
		return nil, fmt.Errorf("count rules of guild %s: %w", guildID, err)
	}
	if n >= maxRulesPerGuild {
		return nil, core.BadRequest("a guild may have at most %d automod rules", maxRulesPerGuild)
	}
	now := s.now()
	r := &Rule{GuildID: guildID, RuleInput: in, PresetID: presetID, CreatedAt: now, UpdatedAt: now, UpdatedBy: by}
	if err := s.st.rules.Insert(ctx, r); err != nil {
		if store.IsDuplicate(err, "guild_name") {
			return nil, core.Errorf(core.CodeConflict, "a rule named %q already exists", in.Name)
		}
		return nil, fmt.Errorf("insert rule in guild %s: %w", guildID, err)
	}
	s.engine.forget(guildID)
	s.broadcast(guildID, EventRuleCreated, r)
	return r, nil
}

// UpdateRule replaces a rule's content if version is the stored one, and
// broadcasts moderation:rule_updated. A stale version is a CONFLICT.
func (s *Service) UpdateRule(ctx context.Context, guildID, id string, in RuleInput, version int64, by string) (*Rule, error) {
	if _, err := in.validate(); err != nil {
		return nil, err
	}
	if err := s.checkRefs(guildID, ruleRefs(&in, "")); err != nil {
		return nil, err
	}
	return s.writeRule(ctx, guildID, id, version, func(r *Rule) { r.RuleInput = in }, by)
}

// SetRuleEnabled turns a rule on or off (PATCH) without a version check:
// the toggle is meant to win, and its event tells every dashboard.
func (s *Service) SetRuleEnabled(ctx context.Context, guildID, id string, enabled bool, by string) (*Rule, error) {
	return s.writeRule(ctx, guildID, id, 0, func(r *Rule) { r.Enabled = enabled }, by)
}

// errStaleRule stops a rule update made at a version no longer stored.
var errStaleRule = errors.New("stale rule version")

// writeRule changes a rule, at version when non-zero (otherwise on
// whatever version is stored), and broadcasts moderation:rule_updated.
func (s *Service) writeRule(ctx context.Context, guildID, id string, version int64, change func(*Rule), by string) (*Rule, error) {
	var stale *Rule
	r, err := s.st.rules.Update(ctx, id, func(r *Rule) error {
		if r.GuildID != guildID {
			return store.ErrNotFound
		}
		if version != 0 && r.Version != version {
			stale = r
			return errStaleRule
		}
		change(r)
		r.UpdatedAt, r.UpdatedBy = s.now(), by
		return nil
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, core.Errorf(core.CodeNotFound, "rule %q does not exist", id)
	case errors.Is(err, errStaleRule):
		return nil, core.Errorf(core.CodeConflict, "rule %q is at version %d (changed by %s); reload and try again", stale.Name, stale.Version, stale.UpdatedBy)
	case store.IsDuplicate(err, "guild_name"):
		return nil, core.Errorf(core.CodeConflict, "another rule already has that name")
	case err != nil:
		return nil, fmt.Errorf("update rule %s of guild %s: %w", id, guildID, err)
	}
	if h, err := s.st.ruleHits.Get(ctx, id); err == nil {
		r.Hits = h.Hits
	}
	s.engine.forget(guildID)
	s.broadcast(guildID, EventRuleUpdated, r)
	return r, nil
}

// DeleteRule removes a rule and broadcasts moderation:rule_deleted.
func (s *Service) DeleteRule(ctx context.Context, guildID, id, by string) error {
	r, err := s.Rule(ctx, guildID, id)
	if err != nil {
		return err
	}
	if _, err := s.st.rules.Delete(ctx, id, 0); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return core.Errorf(core.CodeNotFound, "rule %q does not exist", id)
		}
		return fmt.Errorf("delete rule %s of guild %s: %w", id, guildID, err)
	}
	if _, err := s.st.ruleHits.Delete(ctx, id, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("delete rule hits", "guild", guildID, "rule", id, "err", err)
	}
	s.engine.forget(guildID)
	s.broadcast(guildID, EventRuleDeleted, Deleted{ID: id, Name: r.Name, UpdatedBy: by})
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
