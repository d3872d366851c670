package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// demoPastCase is one case of the demo's past: when (hours before the
// end of the week), what, to which member (an index into the world's
// members) and by whom (automod when rule is set).
type demoPastCase struct {
	hoursAgo float64
	typ      CaseType
	member   int
	rule     string
	reason   string
	status   Status
	minutes  int64
}

// demoPast is a week of a busy server's moderation, oldest first.
var demoPast = []demoPastCase{
	{160, TypeWarn, 2, "", "posting the same thing again and again", StatusActive, 0},
	{149, TypeTimeout, 2, "", "kept spamming after a warning", StatusExpired, 60},
	{131, TypeWarn, 5, "Invite links", "automod: an invite link", StatusActive, 0},
	{118, TypeNote, 3, "", "asked about the appeal process, friendly", StatusActive, 0},
	{101, TypeWarn, 0, "", "please keep it civil", StatusPardoned, 0},
	{88, TypeWarn, 6, "Mass mentions", "automod: 6 mentions in one message", StatusActive, 0},
	{77, TypeTimeout, 6, "", "mentions again after automod's warning", StatusExpired, 30},
	{64, TypeKick, 7, "", "alt account of a banned member", StatusActive, 0},
	{50, TypeWarn, 4, "", "off-topic links after a reminder", StatusActive, 0},
	{37, TypeWarn, 1, "Invite links", "automod: an invite link", StatusActive, 0},
	{29, TypeBan, 8, "", "scam links in DMs to members", StatusActive, 0},
	{20, TypeWarn, 3, "", "spoilers outside #spoilers", StatusActive, 0},
	{11, TypeTimeout, 5, "", "arguing with staff in #general", StatusExpired, 10},
	{4, TypeWarn, 2, "", "demo: a friendly reminder", StatusActive, 0},
}

// BackfillDemo implements core.DemoHistorian: a week of past cases, by
// the demo's moderator and by automod, each recorded as activity at its
// time. A guild that has any case already has a past and is left alone.
func (p *Plugin) BackfillDemo(ctx context.Context, guildID string, world core.DemoWorld, _, to time.Time) error {
	existing, err := p.svc.st.findCases(ctx, store.Where("guildId", guildID).Limit(1))
	if err != nil {
		return fmt.Errorf("moderation: backfill demo guild %s: %w", guildID, err)
	}
	if len(existing) > 0 || len(world.Members) == 0 {
		return nil
	}
	for _, c := range demoPast {
		at := to.Add(-time.Duration(c.hoursAgo * float64(time.Hour))).UTC().Truncate(time.Millisecond)
		in := &Infraction{GuildID: guildID, Type: c.typ, TargetID: world.Members[c.member%len(world.Members)],
			Source: SourceManual, Reason: c.reason, Status: c.status, Edits: []Edit{}, CreatedAt: at, UpdatedAt: at}
		in.ModeratorID, in.UpdatedBy = world.ModeratorID, world.ModeratorID
		if c.rule != "" {
			in.Source, in.RuleName, in.ModeratorID, in.UpdatedBy = SourceAutomod, c.rule, "", SourceAutomod
		}
		if c.typ == TypeWarn {
			in.Points = 1
		}
		if c.minutes > 0 {
			in.DurationSeconds = c.minutes * 60
			end := at.Add(time.Duration(c.minutes) * time.Minute)
			in.ExpiresAt = &end
		}
		if c.status == StatusPardoned {
			in.UpdatedAt, in.UpdatedBy = at.Add(2*time.Hour), world.AdminID
			in.Edits = []Edit{{At: in.UpdatedAt, By: world.AdminID, Field: "status", From: string(StatusActive), To: string(StatusPardoned)}}
		}
		if err := p.svc.st.insertCase(ctx, in); err != nil {
			return fmt.Errorf("moderation: backfill demo guild %s: %w", guildID, err)
		}
		err := p.svc.pc.RecordActivity(ctx, core.Activity{Type: core.ActivitySuccess, Kind: "infraction", GuildID: guildID,
			UserID: in.ModeratorID, Plugin: p.svc.pc.ID, Message: fmt.Sprintf("Case #%d: %s (%s)", in.Number, in.Type, in.Status), Timestamp: at})
		if err != nil {
			return fmt.Errorf("moderation: backfill demo guild %s: %w", guildID, err)
		}
	}
	p.svc.stats.Mark(guildID)
	return nil
}

var _ core.DemoHistorian = (*Plugin)(nil)
