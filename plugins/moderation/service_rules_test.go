package moderation

import (
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

func wordRule(name string, words ...string) RuleInput {
	return RuleInput{Name: name, Enabled: true, Trigger: Trigger{Type: TriggerWords, Words: words},
		Actions: []RuleAction{{Type: RuleWarn, Points: 1}}}
}

func TestRuleValidation(t *testing.T) {
	many := make([]string, maxWords+1)
	for i := range many {
		many[i] = "w"
	}
	cases := []struct {
		name  string
		in    RuleInput
		field string
	}{
		{"no name", RuleInput{Trigger: Trigger{Type: TriggerInvites}, Actions: []RuleAction{{Type: RuleDelete}}}, "name"},
		{"bad regex", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerRegex, Pattern: "(a"}, Actions: []RuleAction{{Type: RuleDelete}}}, "trigger.pattern: invalid"},
		{"huge regex", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerRegex, Pattern: "(a{1000}){1000}"}, Actions: []RuleAction{{Type: RuleDelete}}}, "trigger.pattern"},
		{"oversized word list", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerWords, Words: many}, Actions: []RuleAction{{Type: RuleDelete}}}, "trigger.words"},
		{"bad domain", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerLinks, Domains: []string{"not a domain"}}, Actions: []RuleAction{{Type: RuleDelete}}}, "trigger.domains[0]"},
		{"bad trigger", RuleInput{Name: "r", Trigger: Trigger{Type: "vibes"}, Actions: []RuleAction{{Type: RuleDelete}}}, "trigger.type"},
		{"no actions", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerInvites}}, "actions"},
		{"timeout out of range", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerInvites}, Actions: []RuleAction{{Type: RuleTimeout, DurationSeconds: 1}}}, "actions[0].durationSeconds"},
		{"alert without channel", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerInvites}, Actions: []RuleAction{{Type: RuleAlert}}}, "actions[0].channelId"},
		{"ignored role id", RuleInput{Name: "r", Trigger: Trigger{Type: TriggerInvites}, Conditions: Conditions{IgnoredRoles: []string{"mods"}}, Actions: []RuleAction{{Type: RuleDelete}}}, "conditions.ignoredRoles[0]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.in.validate()
			if code(err) != core.CodeBadRequest || !strings.HasPrefix(core.AsUserError(err).Message, tc.field) {
				t.Fatalf("want BAD_REQUEST starting %q, got %v", tc.field, err)
			}
		})
	}
}

func TestRuleCRUDBroadcastsAfterWrites(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	r, err := svc.CreateRule(ctx(t), guildA, wordRule("No slurs", "badword"), modA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateRule(ctx(t), guildA, wordRule("No slurs", "x"), modA); code(err) != core.CodeConflict {
		t.Fatalf("duplicate name: %v", err)
	}
	if _, err := svc.CreateRule(ctx(t), guildA, RuleInput{Name: "bad", Trigger: Trigger{Type: TriggerRegex, Pattern: "("}, Actions: []RuleAction{{Type: RuleDelete}}}, modA); code(err) != core.CodeBadRequest {
		t.Fatalf("bad regex: %v", err)
	}
	upd, err := svc.UpdateRule(ctx(t), guildA, r.ID, wordRule("No slurs", "badword", "worse"), r.Version, modB)
	if err != nil || upd.Version != 2 || upd.UpdatedBy != modB || len(upd.Trigger.Words) != 2 {
		t.Fatalf("update: %+v %v", upd, err)
	}
	if _, err := svc.UpdateRule(ctx(t), guildA, r.ID, wordRule("No slurs", "stale"), r.Version, modA); code(err) != core.CodeConflict {
		t.Fatalf("stale update: %v", err)
	}
	off, err := svc.SetRuleEnabled(ctx(t), guildA, r.ID, false, modA)
	if err != nil || off.Enabled || off.Version != 3 {
		t.Fatalf("toggle: %+v %v", off, err)
	}
	if err := svc.DeleteRule(ctx(t), guildA, r.ID, modA); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteRule(ctx(t), guildA, r.ID, modA); code(err) != core.CodeNotFound {
		t.Fatalf("second delete: %v", err)
	}
	created := decode[Rule](t, rec.waitFor(t, EventRuleCreated, 1)[0])
	updated := rec.waitFor(t, EventRuleUpdated, 2)
	deleted := decode[Deleted](t, rec.waitFor(t, EventRuleDeleted, 1)[0])
	if created.ID != r.ID || created.UpdatedBy != modA || decode[Rule](t, updated[1]).Enabled || deleted.ID != r.ID || deleted.UpdatedBy != modA {
		t.Fatalf("payloads: %+v %+v", created, deleted)
	}
	if len(rec.named(EventRuleCreated)) != 1 || len(rec.named(EventRuleUpdated)) != 2 || len(rec.named(EventRuleDeleted)) != 1 {
		t.Fatal("refused writes broadcast")
	}
}

func TestPresetsApplyIdempotently(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	p, err := svc.CreatePreset(ctx(t), guildA, PresetInput{Name: "Ours", Rules: []RuleInput{wordRule("Words", "spam")}}, modA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreatePreset(ctx(t), guildA, PresetInput{Name: "Broken", Rules: []RuleInput{{Name: "x", Trigger: Trigger{Type: TriggerRegex, Pattern: "["}, Actions: []RuleAction{{Type: RuleDelete}}}}}, modA); code(err) != core.CodeBadRequest {
		t.Fatalf("broken preset: %v", err)
	}
	for range 2 {
		if _, err := svc.ApplyPreset(ctx(t), guildA, "builtin-basic", modA); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.ApplyPreset(ctx(t), guildA, p.ID, modB); err != nil {
		t.Fatal(err)
	}
	rules, err := svc.Rules(ctx(t), guildA)
	if err != nil || len(rules) != 3 {
		t.Fatalf("rules after applying: %d %v", len(rules), err)
	}
	rec.waitFor(t, EventRuleCreated, 3)
	rec.waitFor(t, EventRuleUpdated, 2)
	if _, err := svc.UpdatePreset(ctx(t), guildA, "builtin-basic", p.PresetInput, 1, modA); code(err) != core.CodeBadRequest {
		t.Fatalf("builtin update: %v", err)
	}
	in := p.PresetInput
	in.Description = "changed"
	if _, err := svc.UpdatePreset(ctx(t), guildA, p.ID, in, p.Version, modB); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UpdatePreset(ctx(t), guildA, p.ID, in, p.Version, modB); code(err) != core.CodeConflict {
		t.Fatalf("stale preset: %v", err)
	}
	if err := svc.DeletePreset(ctx(t), guildA, p.ID, modA); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, EventPresetCreated, 1)
	rec.waitFor(t, EventPresetUpdated, 1)
	if d := decode[Deleted](t, rec.waitFor(t, EventPresetDeleted, 1)[0]); d.ID != p.ID {
		t.Fatalf("deleted payload %+v", d)
	}
}
