package moderation

import (
	"context"
	"errors"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Collection names, stored as "moderation_<name>".
const (
	collCases    = "cases"
	collRules    = "rules"
	collRuleHits = "rule_hits"
	collPresets  = "presets"
)

// Every query the plugin makes runs on one of these indexes (the store
// refuses any other).
var (
	caseIndexes = []store.Index{
		// Case numbers, and the case list newest first.
		{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
		// A member's cases (the list filtered by user, points, unbans).
		{Name: "guild_target", Fields: []string{"guildId", "targetId", "-number"}},
		// The list filtered by type or status, and the stats' counts.
		{Name: "guild_type_status", Fields: []string{"guildId", "type", "status", "expiresAt"}},
		// The stats' cases per day, and those that never took effect.
		{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
		{Name: "guild_status_created", Fields: []string{"guildId", "status", "createdAt"}},
		// The scheduler: what expired, and what was left pending.
		{Name: "status_expiry", Fields: []string{"status", "expiresAt"}},
		{Name: "status_created", Fields: []string{"status", "createdAt"}},
	}
	ruleIndexes = []store.Index{
		{Name: "guild_name", Fields: []string{"guildId", "name"}, Unique: true},
		{Name: "guild_created", Fields: []string{"guildId", "createdAt"}},
		// The rules list filtered by ?enabled=.
		{Name: "guild_enabled_created", Fields: []string{"guildId", "enabled", "createdAt"}},
	}
	ruleHitIndexes = []store.Index{
		{Name: "guild_hits", Fields: []string{"guildId", "-hits"}},
	}
	presetIndexes = []store.Index{
		{Name: "guild_name", Fields: []string{"guildId", "name"}, Unique: true},
	}
)

// ruleHits counts a rule's matches (id: the rule's id). It is a document of
// its own so that counting a hit, which automod does on every match, never
// changes the rule's version under a moderator editing it.
type ruleHits struct {
	store.Meta
	GuildID string `json:"guildId"`
	Hits    int64  `json:"hits"`
}

// collections are the plugin's collections.
type collections struct {
	cases    *store.Collection[Infraction]
	rules    *store.Collection[Rule]
	ruleHits *store.Collection[ruleHits]
	presets  *store.Collection[Preset]
}

func declareCollections(pc *core.Context) (*collections, error) {
	var st collections
	var err error
	if st.cases, err = core.Declare[Infraction](pc, collCases, caseIndexes...); err != nil {
		return nil, err
	}
	if st.rules, err = core.Declare[Rule](pc, collRules, ruleIndexes...); err != nil {
		return nil, err
	}
	if st.ruleHits, err = core.Declare[ruleHits](pc, collRuleHits, ruleHitIndexes...); err != nil {
		return nil, err
	}
	if st.presets, err = core.Declare[Preset](pc, collPresets, presetIndexes...); err != nil {
		return nil, err
	}
	return &st, nil
}

// insertCase gives in the guild's next case number and inserts it. The
// store numbers it: per guild, from 1, with no gaps (a failed insert claims
// no number).
func (s *collections) insertCase(ctx context.Context, in *Infraction) error {
	if _, err := s.cases.InsertNumbered(ctx, in, "number"); err != nil {
		return fmt.Errorf("insert case in guild %s: %w", in.GuildID, err)
	}
	return nil
}

// caseByNumber returns a guild's case, or a NOT_FOUND error.
func (s *collections) caseByNumber(ctx context.Context, guildID string, number int64) (*Infraction, error) {
	in, err := s.cases.FindOne(ctx, store.Where("guildId", guildID).Where("number", number))
	if errors.Is(err, store.ErrNotFound) {
		return nil, core.Errorf(core.CodeNotFound, "case #%d does not exist", number)
	}
	if err != nil {
		return nil, fmt.Errorf("case #%d of guild %s: %w", number, guildID, err)
	}
	return in, nil
}

// errStatusMoved stops an update whose case left the expected status.
var errStatusMoved = errors.New("case status changed")

// updateCase applies change to the case if it still has status from, and
// returns the updated case; ok is false when the status had changed.
func (s *collections) updateCase(ctx context.Context, id string, from Status, change func(in *Infraction)) (*Infraction, bool, error) {
	in, err := s.cases.Update(ctx, id, func(in *Infraction) error {
		if in.Status != from {
			return errStatusMoved
		}
		change(in)
		return nil
	})
	if errors.Is(err, errStatusMoved) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("update case %s: %w", id, err)
	}
	return in, true, nil
}

// findCases runs a case query.
func (s *collections) findCases(ctx context.Context, q store.Query) ([]Infraction, error) {
	out, err := s.cases.Find(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("find cases: %w", err)
	}
	return out, nil
}
