package moderation

import (
	"context"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// newPresetDocs returns the guild presets as versioned documents.
func (s *Service) newPresetDocs(coll *store.Collection[Preset]) *core.Versioned[Preset, *Preset] {
	return core.NewVersioned[Preset](s.pc, coll, core.VersionedOptions[Preset]{
		Kind: "preset",
		Check: func(_ context.Context, guildID string, p *Preset) error {
			if err := p.validate(); err != nil {
				return err
			}
			return s.checkPresetRefs(guildID, &p.PresetInput)
		},
		PerGuild:  maxPresetsPerGuild,
		Duplicate: "a preset with that name already exists",
		// Deleting a preset leaves its rules: no Changed hook.
		Created: EventPresetCreated, Updated: EventPresetUpdated, Deleted: EventPresetDeleted,
		DeletedPayload: func(p *Preset, by string) any { return Deleted{ID: p.ID, Name: p.Name, UpdatedBy: by} },
	})
}

// Presets returns the built-in presets followed by the guild's own.
func (s *Service) Presets(ctx context.Context, guildID string) ([]Preset, error) {
	own, err := s.presets.Page(ctx, presetsQuery(guildID).Limit(maxPresetsPerGuild))
	if err != nil {
		return nil, err
	}
	return append(builtins(), own.Items...), nil
}

func presetsQuery(guildID string) store.Query { return store.Where("guildId", guildID).OrderBy("name") }

func builtins() []Preset { return append([]Preset{}, builtinPresets...) }

// Preset returns a built-in or guild preset, or NOT_FOUND.
func (s *Service) Preset(ctx context.Context, guildID, id string) (*Preset, error) {
	if p, ok := builtinPreset(id); ok {
		return p, nil
	}
	return s.presets.Get(ctx, guildID, id)
}

// CreatePreset stores a guild preset and broadcasts moderation:preset_created.
func (s *Service) CreatePreset(ctx context.Context, guildID string, in PresetInput, by string) (*Preset, error) {
	return s.presets.Create(ctx, &Preset{GuildID: guildID, PresetInput: in}, by)
}

// UpdatePreset replaces a guild preset at version and broadcasts
// moderation:preset_updated.
func (s *Service) UpdatePreset(ctx context.Context, guildID, id string, in PresetInput, version int64, by string) (*Preset, error) {
	if strings.HasPrefix(id, "builtin-") {
		return nil, core.BadRequest("built-in presets cannot be changed; create your own")
	}
	return s.presets.Update(ctx, guildID, id, version, by, func(p *Preset) error {
		p.PresetInput = in
		return nil
	})
}

// DeletePreset removes a guild preset and broadcasts moderation:preset_deleted.
// Rules it created stay; they are the guild's now.
func (s *Service) DeletePreset(ctx context.Context, guildID, id, by string) error {
	if strings.HasPrefix(id, "builtin-") {
		return core.BadRequest("built-in presets cannot be deleted")
	}
	_, err := s.presets.Delete(ctx, guildID, id, 0, by)
	return err
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
