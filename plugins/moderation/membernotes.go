package moderation

import (
	"context"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// maxMemberNotes bounds the cases a member's card lists.
const maxMemberNotes = 5

// MemberNotes implements core.MemberNoter: the member's cases that are in
// force (active or appealed), newest first, for staff-facing cards such as
// modmail's. It reads the guild_target index and at most a page of cases.
func (p *Plugin) MemberNotes(ctx context.Context, guildID, userID string) ([]core.MemberNote, error) {
	cases, err := p.svc.st.findCases(ctx, store.Where("guildId", guildID).Where("targetId", userID).OrderBy("-number").Limit(50))
	if err != nil {
		return nil, fmt.Errorf("moderation: member notes of %s in guild %s: %w", userID, guildID, err)
	}
	var out []core.MemberNote
	for _, c := range cases {
		if c.Status != StatusActive && c.Status != StatusAppealed {
			continue
		}
		text := fmt.Sprintf("Case #%d: %s (%s)", c.Number, c.Type, c.Status)
		if c.Reason != "" {
			text += ": " + c.Reason
		}
		out = append(out, core.MemberNote{Text: text, Link: fmt.Sprintf("p/moderation?case=%d", c.Number)})
		if len(out) == maxMemberNotes {
			break
		}
	}
	return out, nil
}

var _ core.MemberNoter = (*Plugin)(nil)
