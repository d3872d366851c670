package moderation

import (
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Event names. Each is broadcast by the service after its write commits.
const (
	EventConfigUpdated     = "moderation:config_updated"
	EventRuleCreated       = "moderation:rule_created"
	EventRuleUpdated       = "moderation:rule_updated"
	EventRuleDeleted       = "moderation:rule_deleted"
	EventPresetCreated     = "moderation:preset_created"
	EventPresetUpdated     = "moderation:preset_updated"
	EventPresetDeleted     = "moderation:preset_deleted"
	EventInfractionCreated = "moderation:infraction_created"
	EventInfractionUpdated = "moderation:infraction_updated"
	EventStatsUpdated      = "moderation:stats_updated"
)

// Example ids, the demo world's.
const (
	exGuild = "300000000000000001"
	exMod   = "100000000000000001"
	exUser  = "200000000000000002"
	exRule  = "6650f0c2a1b2c3d4e5f60719"
)

func events() []core.EventSpec {
	at := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	until := at.Add(10 * time.Minute)
	cfg := defaultConfig(exGuild)
	cfg.ConfigMeta = core.ConfigMeta{Version: 4, UpdatedBy: exMod, UpdatedAt: at}
	cfg.ModLogChannelID = "400000000000000003"
	cfg.Thresholds = []Threshold{{Points: 3, Action: TypeTimeout, DurationSeconds: 3600}, {Points: 5, Action: TypeBan}}
	rule := Rule{Meta: store.Meta{ID: exRule, Version: 2}, GuildID: exGuild, RuleInput: builtinPresets[0].Rules[0], PresetID: "builtin-basic",
		Hits: 7, CreatedAt: at, Stamp: core.Stamp{UpdatedAt: at, UpdatedBy: exMod}}
	rule.Conditions = Conditions{IgnoredRoles: []string{}, IgnoredChannels: []string{}}
	preset := Preset{Meta: store.Meta{ID: "6650f0c2a1b2c3d4e5f6071a", Version: 1}, GuildID: exGuild, Stamp: core.Stamp{UpdatedAt: at, UpdatedBy: exMod},
		PresetInput: PresetInput{Name: "Our rules", Description: "Invites and mentions", Rules: []RuleInput{rule.RuleInput}}}
	warn := Infraction{Meta: store.Meta{ID: "6650f0c2010203040506070a", Version: 2}, GuildID: exGuild, Number: 42,
		Type: TypeTimeout, TargetID: exUser, ModeratorID: exMod, Source: SourceManual, Reason: "spamming",
		DurationSeconds: 600, ExpiresAt: &until, Status: StatusActive, Edits: []Edit{}, CreatedAt: at, UpdatedAt: at, UpdatedBy: exMod}
	pardoned := warn
	pardoned.Status, pardoned.UpdatedAt = StatusPardoned, at.Add(time.Minute)
	pardoned.Edits = []Edit{{At: at.Add(time.Minute), By: exMod, Field: "status", From: "active", To: "pardoned"}}
	return []core.EventSpec{
		{Name: EventConfigUpdated, Sentence: "{@updatedBy} saved the moderation settings (version {version})", Link: "p/moderation", Description: "The guild's moderation config was saved (the whole document, with version and updatedBy).", Example: cfg},
		{Name: EventRuleCreated, Sentence: "{@updatedBy} created the automod rule “{name}”", Link: "p/moderation", Description: "An automod rule was created, from the dashboard or by applying a preset. The payload is the saved rule.", Example: rule},
		{Name: EventRuleUpdated, Sentence: "{@updatedBy} changed the automod rule “{name}”", Link: "p/moderation", Description: "An automod rule was changed or toggled. The payload is the saved rule.", Example: rule},
		{Name: EventRuleDeleted, Sentence: "{@updatedBy} deleted the automod rule “{name}”", Link: "p/moderation", Description: "An automod rule was deleted.", Example: Deleted{ID: exRule, Name: rule.Name, UpdatedBy: exMod}},
		{Name: EventPresetCreated, Sentence: "{@updatedBy} created the preset “{name}”", Link: "p/moderation", Description: "A guild preset was created. The payload is the saved preset.", Example: preset},
		{Name: EventPresetUpdated, Sentence: "{@updatedBy} changed the preset “{name}”", Link: "p/moderation", Description: "A guild preset was changed. The payload is the saved preset.", Example: preset},
		{Name: EventPresetDeleted, Sentence: "{@updatedBy} deleted the preset “{name}”", Link: "p/moderation", Description: "A guild preset was deleted; the rules it created stay.", Example: Deleted{ID: preset.ID, Name: preset.Name, UpdatedBy: exMod}},
		{Name: EventInfractionCreated, Sentence: "Case #{number}: {type} for {@targetId} by {@moderatorId|ruleName}", Link: "p/moderation?case={number}", Description: "A case was opened by a moderator, automod (source automod, ruleId) or escalation, after its Discord action settled: status active, or failed with Discord's reason in error.", Example: warn},
		{Name: EventInfractionUpdated, Sentence: "Case #{number} ({type} for {@targetId}) is now {status}, by {@updatedBy}", Link: "p/moderation?case={number}", Description: "A case changed: reason edited, pardoned, appealed, or expired by the scheduler (updatedBy \"system\"). edits holds its history.", Example: pardoned},
		{Name: EventStatsUpdated, Description: "The guild's moderation figures changed.", Example: Stats{
			CasesPerDay:    []DayCount{{Date: "2026-01-07", Count: 3}, {Date: "2026-01-08", Count: 5}},
			ByType:         map[CaseType]int{TypeWarn: 4, TypeTimeout: 2, TypeBan: 1, TypeNote: 1, TypeKick: 0, TypeUnban: 0, TypeSoftban: 0},
			ActiveTimeouts: 1, ActiveBans: 1, TopRules: []RuleCount{{ID: exRule, Name: rule.Name, Hits: 7}}}},
	}
}
