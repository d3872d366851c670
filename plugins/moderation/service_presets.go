package moderation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core"
)

// Presets returns the built-in presets followed by the guild's own.
func (s *Service) Presets(ctx context.Context, guildID string) ([]Preset, error) {
	cur, err := s.st.presets.Find(ctx, bson.D{{Key: "guildId", Value: guildID}}, options.Find().SetSort(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("presets of guild %s: %w", guildID, core.StoreError(err))
	}
	var own []Preset
	if err := cur.All(ctx, &own); err != nil {
		return nil, fmt.Errorf("read presets of guild %s: %w", guildID, core.StoreError(err))
	}
	return append(append([]Preset{}, builtinPresets...), own...), nil
}

// Preset returns a built-in or guild preset, or NOT_FOUND.
func (s *Service) Preset(ctx context.Context, guildID, id string) (*Preset, error) {
	if p, ok := builtinPreset(id); ok {
		return p, nil
	}
	var p Preset
	err := s.st.presets.FindOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "guildId", Value: guildID}}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, core.Errorf(core.CodeNotFound, "preset %q does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("preset %s of guild %s: %w", id, guildID, core.StoreError(err))
	}
	return &p, nil
}

// CreatePreset stores a guild preset and broadcasts moderation:preset_created.
func (s *Service) CreatePreset(ctx context.Context, guildID string, in PresetInput, by string) (*Preset, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	if err := s.checkPresetRefs(guildID, &in); err != nil {
		return nil, err
	}
	n, err := s.st.presets.CountDocuments(ctx, bson.D{{Key: "guildId", Value: guildID}})
	if err != nil {
		return nil, fmt.Errorf("count presets of guild %s: %w", guildID, core.StoreError(err))
	}
	if n >= maxPresetsPerGuild {
		return nil, core.BadRequest("a guild may have at most %d presets", maxPresetsPerGuild)
	}
	p := &Preset{ID: bson.NewObjectID().Hex(), GuildID: guildID, PresetInput: in, Version: 1, UpdatedAt: s.now(), UpdatedBy: by}
	if _, err := s.st.presets.InsertOne(ctx, p); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, core.Errorf(core.CodeConflict, "a preset named %q already exists", in.Name)
		}
		return nil, fmt.Errorf("insert preset in guild %s: %w", guildID, core.StoreError(err))
	}
	s.broadcast(guildID, EventPresetCreated, p)
	return p, nil
}

// UpdatePreset replaces a guild preset at version and broadcasts
// moderation:preset_updated.
func (s *Service) UpdatePreset(ctx context.Context, guildID, id string, in PresetInput, version int64, by string) (*Preset, error) {
	if strings.HasPrefix(id, "builtin-") {
		return nil, core.BadRequest("built-in presets cannot be changed; create your own")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if err := s.checkPresetRefs(guildID, &in); err != nil {
		return nil, err
	}
	var p Preset
	err := s.st.presets.FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "guildId", Value: guildID}, {Key: "version", Value: version}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "name", Value: in.Name}, {Key: "description", Value: in.Description},
			{Key: "rules", Value: in.Rules}, {Key: "updatedAt", Value: s.now()}, {Key: "updatedBy", Value: by}}},
			{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&p)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		cur, gerr := s.Preset(ctx, guildID, id)
		if gerr != nil {
			return nil, gerr
		}
		return nil, core.Errorf(core.CodeConflict, "preset %q is at version %d (changed by %s); reload and try again", cur.Name, cur.Version, cur.UpdatedBy)
	case mongo.IsDuplicateKeyError(err):
		return nil, core.Errorf(core.CodeConflict, "another preset already has that name")
	case err != nil:
		return nil, fmt.Errorf("update preset %s of guild %s: %w", id, guildID, core.StoreError(err))
	}
	s.broadcast(guildID, EventPresetUpdated, &p)
	return &p, nil
}

// DeletePreset removes a guild preset and broadcasts moderation:preset_deleted.
// Rules it created stay; they are the guild's now.
func (s *Service) DeletePreset(ctx context.Context, guildID, id, by string) error {
	if strings.HasPrefix(id, "builtin-") {
		return core.BadRequest("built-in presets cannot be deleted")
	}
	var p Preset
	err := s.st.presets.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: id}, {Key: "guildId", Value: guildID}}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return core.Errorf(core.CodeNotFound, "preset %q does not exist", id)
	}
	if err != nil {
		return fmt.Errorf("delete preset %s of guild %s: %w", id, guildID, core.StoreError(err))
	}
	s.broadcast(guildID, EventPresetDeleted, Deleted{ID: id, Name: p.Name, UpdatedBy: by})
	return nil
}

// ApplyPreset creates the preset's rules in the guild, or updates the
// rules of the same name, so applying twice changes nothing new. Each rule
// gets its own rule_created or rule_updated event.
func (s *Service) ApplyPreset(ctx context.Context, guildID, id, by string) ([]Rule, error) {
	p, err := s.Preset(ctx, guildID, id)
	if err != nil {
		return nil, err
	}
	existing, err := s.Rules(ctx, guildID)
	if err != nil {
		return nil, err
	}
	byName := map[string]*Rule{}
	for i := range existing {
		byName[existing[i].Name] = &existing[i]
	}
	if len(existing)+len(p.Rules) > maxRulesPerGuild {
		fresh := 0
		for _, r := range p.Rules {
			if byName[r.Name] == nil {
				fresh++
			}
		}
		if len(existing)+fresh > maxRulesPerGuild {
			return nil, core.BadRequest("applying %q would pass the limit of %d rules", p.Name, maxRulesPerGuild)
		}
	}
	out := make([]Rule, 0, len(p.Rules))
	for _, in := range p.Rules {
		var r *Rule
		if cur := byName[in.Name]; cur != nil {
			r, err = s.writeRule(ctx, guildID, cur.ID, 0, bson.D{{Key: "enabled", Value: in.Enabled}, {Key: "trigger", Value: in.Trigger},
				{Key: "conditions", Value: in.Conditions}, {Key: "actions", Value: in.Actions}, {Key: "presetId", Value: p.ID}}, by)
		} else {
			r, err = s.createRule(ctx, guildID, in, p.ID, by)
		}
		if err != nil {
			return out, fmt.Errorf("apply preset %s: rule %q: %w", p.Name, in.Name, err)
		}
		out = append(out, *r)
	}
	return out, nil
}

func (s *Service) checkPresetRefs(guildID string, in *PresetInput) error {
	for i := range in.Rules {
		if err := s.checkRefs(guildID, ruleRefs(&in.Rules[i], fmt.Sprintf("rules[%d].", i))); err != nil {
			return err
		}
	}
	return nil
}
