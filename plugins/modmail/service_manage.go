package modmail

import (
	"context"
	"fmt"
	"slices"

	"github.com/warden-bot/warden/core"
)

// Claim makes by the conversation's owner. Of staff claiming at once
// exactly one wins: the claim is a version-checked update, and the others
// find it claimed and get a CONFLICT naming who has it.
func (s *Service) Claim(ctx context.Context, guildID string, number int64, by string) (*Conversation, error) {
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	var taken string
	updated, ok, err := s.st.update(ctx, conv.ID, []Status{StatusOpen}, func(c *Conversation) error {
		if c.ClaimedBy != "" {
			taken = c.ClaimedBy
			return errStatusMoved
		}
		c.ClaimedBy = by
		c.act(s.now(), by, "claim", "")
		return nil
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("modmail: claim conversation #%d: %w", number, err)
	case taken == by:
		return nil, core.Errorf(core.CodeConflict, "you have already claimed conversation #%d", number)
	case taken != "":
		return nil, core.Errorf(core.CodeConflict, "conversation #%d is already claimed by %s", number, s.staffName(ctx, guildID, taken))
	case !ok:
		return nil, core.Errorf(core.CodeConflict, "conversation #%d is not open", number)
	}
	s.postCopy(ctx, updated, fmt.Sprintf("🙋 claimed by **%s**", s.staffName(ctx, guildID, by)))
	s.broadcast(guildID, EventConversationClaimed, updated)
	s.stats.Mark(guildID)
	return updated, nil
}

// Unclaim releases a claimed conversation.
func (s *Service) Unclaim(ctx context.Context, guildID string, number int64, by string) (*Conversation, error) {
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	updated, ok, err := s.st.update(ctx, conv.ID, []Status{StatusOpen}, func(c *Conversation) error {
		if c.ClaimedBy == "" {
			return errStatusMoved
		}
		c.act(s.now(), by, "unclaim", c.ClaimedBy)
		c.ClaimedBy = ""
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: unclaim conversation #%d: %w", number, err)
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "conversation #%d is not claimed", number)
	}
	s.postCopy(ctx, updated, fmt.Sprintf("conversation unclaimed by **%s**", s.staffName(ctx, guildID, by)))
	s.broadcast(guildID, EventConversationUnclaimed, updated)
	s.stats.Mark(guildID)
	return updated, nil
}

// Patch is a change of priority or department.
type Patch struct {
	Priority   *string `json:"priority"`
	Department *string `json:"department"`
}

// Update changes a conversation's priority or moves it to another
// department (its channel moves to the department's category).
func (s *Service) Update(ctx context.Context, guildID string, number int64, by string, p Patch) (*Conversation, error) {
	if p.Priority != nil && !slices.Contains(priorities, *p.Priority) {
		return nil, core.BadRequest("priority: one of low, normal, high, urgent")
	}
	cfg, err := s.Config(ctx, guildID)
	if err != nil {
		return nil, err
	}
	var dep Department
	if p.Department != nil {
		if dep, err = cfg.department(*p.Department); err != nil {
			return nil, err
		}
	}
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	updated, ok, err := s.st.update(ctx, conv.ID, []Status{StatusOpen}, func(c *Conversation) error {
		now := s.now()
		if p.Priority != nil && *p.Priority != c.Priority {
			c.act(now, by, "priority", c.Priority+" → "+*p.Priority)
			c.Priority = *p.Priority
		}
		if p.Department != nil && dep.Name != c.Department {
			c.act(now, by, "move", c.Department+" → "+dep.Name)
			c.Department = dep.Name
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("modmail: update conversation #%d: %w", number, err)
	}
	if !ok {
		return nil, core.Errorf(core.CodeConflict, "conversation #%d is not open", number)
	}
	if p.Department != nil && !updated.Thread {
		parent := dep.CategoryID
		if parent == "" {
			parent = cfg.CategoryID
		}
		if parent != "" {
			if err := s.dc().EditChannel(ctx, updated.ChannelID, core.ChannelEdit{ParentID: &parent}, "modmail: moved to "+dep.Name); err != nil {
				s.log.Warn("move the channel", "guild", guildID, "conversation", number, "err", err)
			}
		}
		s.postCopy(ctx, updated, fmt.Sprintf("moved to **%s** by **%s**", dep.Name, s.staffName(ctx, guildID, by)))
	}
	s.broadcast(guildID, EventConversationUpdated, updated)
	return updated, nil
}
