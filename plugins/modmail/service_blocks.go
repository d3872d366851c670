package modmail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// BlockInput blocks a user: why, and for how long (zero: until lifted).
type BlockInput struct {
	UserID           string `json:"userId"`
	Reason           string `json:"reason"`
	ExpiresInSeconds int64  `json:"expiresInSeconds"`
}

// maxBlocks bounds the blocks listed at once.
const maxBlocks = 500

// BlockUser keeps a user from opening conversations with the guild; a
// second block of the same user replaces the first.
func (s *Service) BlockUser(ctx context.Context, guildID, by string, in BlockInput) (*Block, error) {
	if !core.IsSnowflake(in.UserID) {
		return nil, core.BadRequest("userId: %q is not a user id", in.UserID)
	}
	if len(in.Reason) > maxReasonLen {
		return nil, core.BadRequest("reason: at most %d characters", maxReasonLen)
	}
	if in.ExpiresInSeconds < 0 || in.ExpiresInSeconds > 10*365*24*3600 {
		return nil, core.BadRequest("expiresInSeconds: 0 (until lifted) to ten years")
	}
	now := s.now()
	b := &Block{GuildID: guildID, UserID: in.UserID, Reason: in.Reason, By: by, CreatedAt: now}
	if in.ExpiresInSeconds > 0 {
		at := now.Add(time.Duration(in.ExpiresInSeconds) * time.Second)
		b.ExpiresAt = &at
	}
	if _, err := s.st.blocks.DeleteMany(ctx, store.Where("guildId", guildID).Where("userId", in.UserID)); err != nil {
		return nil, fmt.Errorf("modmail: replace the block of %s: %w", in.UserID, err)
	}
	if err := s.st.blocks.Insert(ctx, b); err != nil {
		return nil, fmt.Errorf("modmail: block %s in guild %s: %w", in.UserID, guildID, err)
	}
	core.NoteChange(ctx, "block.create", nil, b)
	return b, nil
}

// Unblock lifts a user's block.
func (s *Service) Unblock(ctx context.Context, guildID, userID string) error {
	b, err := s.st.blocks.FindOne(ctx, store.Where("guildId", guildID).Where("userId", userID))
	if errors.Is(err, store.ErrNotFound) {
		return core.Errorf(core.CodeNotFound, "%s is not blocked", userID)
	}
	if err != nil {
		return fmt.Errorf("modmail: block of %s: %w", userID, err)
	}
	if _, err := s.st.blocks.Delete(ctx, b.ID, 0); err != nil {
		return fmt.Errorf("modmail: unblock %s: %w", userID, err)
	}
	core.NoteChange(ctx, "block.delete", b, nil)
	return nil
}

// Blocks lists the guild's blocks that still hold, newest first.
func (s *Service) Blocks(ctx context.Context, guildID string) ([]Block, error) {
	all, err := s.st.blocks.Find(ctx, store.Where("guildId", guildID).OrderBy("-createdAt").Limit(maxBlocks))
	if err != nil {
		return nil, fmt.Errorf("modmail: blocks of guild %s: %w", guildID, err)
	}
	now := s.now()
	out := make([]Block, 0, len(all))
	for _, b := range all {
		if b.active(now) {
			out = append(out, b)
		}
	}
	return out, nil
}
