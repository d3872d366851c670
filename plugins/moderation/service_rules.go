package moderation

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core"
)

// Deleted is the payload of a *_deleted event: the id and who deleted it.
type Deleted struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	UpdatedBy string `json:"updatedBy"`
}

// Rules returns a guild's automod rules in creation order.
func (s *Service) Rules(ctx context.Context, guildID string) ([]Rule, error) {
	cur, err := s.st.rules.Find(ctx, bson.D{{Key: "guildId", Value: guildID}}, options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("rules of guild %s: %w", guildID, core.StoreError(err))
	}
	out := []Rule{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read rules of guild %s: %w", guildID, core.StoreError(err))
	}
	return out, nil
}

// Rule returns one rule, or NOT_FOUND.
func (s *Service) Rule(ctx context.Context, guildID, id string) (*Rule, error) {
	var r Rule
	err := s.st.rules.FindOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "guildId", Value: guildID}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, core.Errorf(core.CodeNotFound, "rule %q does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("rule %s of guild %s: %w", id, guildID, core.StoreError(err))
	}
	return &r, nil
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
	n, err := s.st.rules.CountDocuments(ctx, bson.D{{Key: "guildId", Value: guildID}})
	if err != nil {
		return nil, fmt.Errorf("count rules of guild %s: %w", guildID, core.StoreError(err))
	}
	if n >= maxRulesPerGuild {
		return nil, core.BadRequest("a guild may have at most %d automod rules", maxRulesPerGuild)
	}
	now := s.now()
	r := &Rule{ID: bson.NewObjectID().Hex(), GuildID: guildID, RuleInput: in, PresetID: presetID,
		Version: 1, CreatedAt: now, UpdatedAt: now, UpdatedBy: by}
	if _, err := s.st.rules.InsertOne(ctx, r); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, core.Errorf(core.CodeConflict, "a rule named %q already exists", in.Name)
		}
		return nil, fmt.Errorf("insert rule in guild %s: %w", guildID, core.StoreError(err))
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
	return s.writeRule(ctx, guildID, id, version, bson.D{
		{Key: "name", Value: in.Name}, {Key: "enabled", Value: in.Enabled}, {Key: "trigger", Value: in.Trigger},
		{Key: "conditions", Value: in.Conditions}, {Key: "actions", Value: in.Actions},
	}, by)
}

// SetRuleEnabled turns a rule on or off (PATCH) without a version check:
// the toggle is meant to win, and its event tells every dashboard.
func (s *Service) SetRuleEnabled(ctx context.Context, guildID, id string, enabled bool, by string) (*Rule, error) {
	return s.writeRule(ctx, guildID, id, 0, bson.D{{Key: "enabled", Value: enabled}}, by)
}

// writeRule sets fields of a rule, at version when non-zero.
func (s *Service) writeRule(ctx context.Context, guildID, id string, version int64, set bson.D, by string) (*Rule, error) {
	filter := bson.D{{Key: "_id", Value: id}, {Key: "guildId", Value: guildID}}
	if version != 0 {
		filter = append(filter, bson.E{Key: "version", Value: version})
	}
	set = append(set, bson.E{Key: "updatedAt", Value: s.now()}, bson.E{Key: "updatedBy", Value: by})
	var r Rule
	err := s.st.rules.FindOneAndUpdate(ctx, filter,
		bson.D{{Key: "$set", Value: set}, {Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&r)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		cur, gerr := s.Rule(ctx, guildID, id)
		if gerr != nil {
			return nil, gerr
		}
		return nil, core.Errorf(core.CodeConflict, "rule %q is at version %d (changed by %s); reload and try again", cur.Name, cur.Version, cur.UpdatedBy)
	case mongo.IsDuplicateKeyError(err):
		return nil, core.Errorf(core.CodeConflict, "another rule already has that name")
	case err != nil:
		return nil, fmt.Errorf("update rule %s of guild %s: %w", id, guildID, core.StoreError(err))
	}
	s.engine.forget(guildID)
	s.broadcast(guildID, EventRuleUpdated, &r)
	return &r, nil
}

// DeleteRule removes a rule and broadcasts moderation:rule_deleted.
func (s *Service) DeleteRule(ctx context.Context, guildID, id, by string) error {
	var r Rule
	err := s.st.rules.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: id}, {Key: "guildId", Value: guildID}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return core.Errorf(core.CodeNotFound, "rule %q does not exist", id)
	}
	if err != nil {
		return fmt.Errorf("delete rule %s of guild %s: %w", id, guildID, core.StoreError(err))
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
