package moderation

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// PresetInput is the part of a preset its author writes: a named bundle of
// rules a guild applies in one step.
type PresetInput struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Rules       []RuleInput `json:"rules"`
}

// Preset is a stored or built-in preset.
type Preset struct {
	store.Meta
	GuildID string `json:"guildId,omitempty"`
	PresetInput
	// Builtin presets ship with Warden; they can be applied, not changed.
	Builtin bool `json:"builtin"`
	core.Stamp
}

// Guild implements core.VersionedDoc.
func (p *Preset) Guild() string { return p.GuildID }

const maxPresetsPerGuild = 25

func (p *PresetInput) validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 64 {
		return core.BadRequest("name: 1-64 characters")
	}
	if utf8.RuneCountInString(p.Description) > 500 {
		return core.BadRequest("description: at most 500 characters")
	}
	if len(p.Rules) == 0 || len(p.Rules) > 20 {
		return core.BadRequest("rules: 1-20 rules")
	}
	names := map[string]bool{}
	for i := range p.Rules {
		if _, err := p.Rules[i].validate(); err != nil {
			ue := core.AsUserError(err)
			return core.BadRequest("rules[%d].%s", i, ue.Message)
		}
		if names[p.Rules[i].Name] {
			return core.BadRequest("rules[%d].name: %q is used twice", i, p.Rules[i].Name)
		}
		names[p.Rules[i].Name] = true
	}
	return nil
}

// builtinPresets ship with Warden. Their ids start with "builtin-".
var builtinPresets = []Preset{
	{Meta: store.Meta{ID: "builtin-basic"}, Builtin: true, PresetInput: PresetInput{
		Name:        "Basic protection",
		Description: "Deletes invite links and mass mentions, and warns their senders.",
		Rules: []RuleInput{
			{Name: "No invite links", Enabled: true, Trigger: Trigger{Type: TriggerInvites},
				Actions: []RuleAction{{Type: RuleDelete}, {Type: RuleWarn, Points: 1}}},
			{Name: "No mass mentions", Enabled: true, Trigger: Trigger{Type: TriggerMentions, MaxMentions: 5},
				Actions: []RuleAction{{Type: RuleDelete}, {Type: RuleWarn, Points: 2}}},
		},
	}},
	{Meta: store.Meta{ID: "builtin-spam"}, Builtin: true, PresetInput: PresetInput{
		Name:        "Anti-spam",
		Description: "Times out members who repeat a message or shout.",
		Rules: []RuleInput{
			{Name: "No repeated messages", Enabled: true, Trigger: Trigger{Type: TriggerRepeat, Count: 4, WindowSeconds: 30},
				Actions: []RuleAction{{Type: RuleDelete}, {Type: RuleTimeout, DurationSeconds: 600}}},
			{Name: "No shouting", Enabled: true, Trigger: Trigger{Type: TriggerCaps, CapsPercent: 80, MinLength: 15},
				Actions: []RuleAction{{Type: RuleDelete}}},
		},
	}},
}

func builtinPreset(id string) (*Preset, bool) {
	for i := range builtinPresets {
		if builtinPresets[i].ID == id {
			p := builtinPresets[i]
			return &p, true
		}
	}
	return nil, false
}

func init() {
	for i := range builtinPresets {
		if err := builtinPresets[i].validate(); err != nil {
			panic(fmt.Sprintf("moderation: built-in preset %s: %v", builtinPresets[i].ID, err))
		}
	}
}
