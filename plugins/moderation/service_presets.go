package moderation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Presets returns the built-in presets followed by the guild's own.
func (s *Service) Presets(ctx context.Context, guildID string) ([]Preset, error) {
	own, err := s.st.presets.Find(ctx, store.Where("guildId", guildID).OrderBy("name").Limit(maxPresetsPerGuild))
	if err != nil {
		return nil, fmt.Errorf("presets of guild %s: %w", guildID, err)
	}
	return append(append([]Preset{}, builtinPresets...), own...), nil
}

// Preset returns a built-in or guild preset, or NOT_FOUND.
func (s *Service) Preset(ctx context.Context, guildID, id string) (*Preset, error) {
	if p, ok := builtinPreset(id); ok {
		return p, nil
	}
	p, err := s.st.presets.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.GuildID != guildID {
		return nil, core.Errorf(core.CodeNotFound, "preset %q does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("preset %s of guild %s: %w", id, guildID, err)
	}
	return p, nil
}

// CreatePreset stores a guild preset and broadcasts moderation:preset_created.
func (s *Service) CreatePreset(ctx context.Context, guildID string, in PresetInput, by string) (*Preset, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	if err := s.checkPresetRefs(guildID, &in); err != nil {
		return nil, err
	}
	n, err := s.st.presets.Count(ctx, store.Where("guildId", guildID))
	if err != nil {
		return nil, fmt.Errorf("count presets of guild %s: %w", guildID, err)
	}
	if n >= maxPresetsPerGuild {
		return nil, core.BadRequest("a guild may have at most %d presets", maxPresetsPerGuild)
	}
	p := &Preset{GuildID: guildID, PresetInput: in, UpdatedAt: s.now(), UpdatedBy: by}
	if err := s.st.presets.Insert(ctx, p); err != nil {
		if store.IsDuplicate(err, "guild_name") {
			return nil, core.Errorf(core.CodeConflict, "a preset named %q already exists", in.Name)
		}
		return nil, fmt.Errorf("insert preset in guild %s: %w", guildID, err)
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
	p, err := s.Preset(ctx, guildID, id)
	if err != nil {
		return nil, err
	}
	if p.Version != version {
		return nil, core.Errorf(core.CodeConflict, "preset %q is at version %d (changed by %s); reload and try again", p.Name, p.Version, p.UpdatedBy)
	}
	p.PresetInput, p.UpdatedAt, p.UpdatedBy = in, s.now(), by
	err = s.st.presets.Replace(ctx, p)
	var ce *store.ConflictError
	switch {
	case errors.As(err, &ce):
		cur := ce.Current.(*Preset)
		return nil, core.Errorf(core.CodeConflict, "preset %q is at version %d (changed by %s); reload and try again", cur.Name, cur.Version, cur.UpdatedBy)
	case store.IsDuplicate(err, "guild_name"):
		return nil, core.Errorf(core.CodeConflict, "another preset already has that name")
	case err != nil:
		return nil, fmt.Errorf("update preset %s of guild %s: %w", id, guildID, err)
	}
	s.broadcast(guildID, EventPresetUpdated, p)
	return p, nil
}

// DeletePreset removes a guild preset and broadcasts moderation:preset_deleted.
// Rules it created stay; they are the guild's now.
func (s *Service) DeletePreset(ctx context.Context, guildID, id, by string) error {
	if strings.HasPrefix(id, "builtin-") {
		return core.BadRequest("built-in presets cannot be deleted")
	}
	p, err := s.Preset(ctx, guildID, id)
	if err != nil {
		return err
	}
	if _, err := s.st.presets.Delete(ctx, id, 0); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return core.Errorf(core.CodeNotFound, "preset %q does not exist", id)
		}
		return fmt.Errorf("delete preset %s of guild %s: %w", id, guildID, err)
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
			r, err = s.writeRule(ctx, guildID, cur.ID, 0, func(r *Rule) {
				r.Enabled, r.Trigger, r.Conditions, r.Actions, r.PresetID = in.Enabled, in.Trigger, in.Conditions, in.Actions, p.ID
			}, by)
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
