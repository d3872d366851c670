package modmail

import (
	"context"
	"errors"
	"fmt"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Collection names, stored as "modmail_<name>".
const (
	collConversations = "conversations"
	collMessages      = "messages"
	collBlocks        = "blocks"
	collDrafts        = "drafts"
)

// Every query the plugin makes runs on one of these indexes (the store
// refuses any other).
var (
	conversationIndexes = []store.Index{
		// Numbers, and the "all" list newest first.
		{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
		// The lists by status (open, closed), most recent activity first.
		{Name: "guild_status_last", Fields: []string{"guildId", "status", "-lastMessageAt"}},
		// Waiting for staff, and the stats' counts.
		{Name: "guild_status_waiting", Fields: []string{"guildId", "status", "waiting", "-lastMessageAt"}},
		// Claimed by someone.
		{Name: "guild_claimed", Fields: []string{"guildId", "claimedBy", "status", "-lastMessageAt"}},
		// A member's conversations: search by user, the card's history,
		// the cooldown.
		{Name: "guild_user", Fields: []string{"guildId", "userId", "-number"}},
		// A member's open conversation in any guild, for DM routing.
		{Name: "user_status", Fields: []string{"userId", "status", "-lastMessageAt"}},
		// The conversation of a staff channel.
		{Name: "channel", Fields: []string{"channelId"}},
		// Search by date; the stats' resolution times.
		{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
		{Name: "guild_status_closed", Fields: []string{"guildId", "status", "-closedAt"}},
		// The scheduler: due closes, inactivity, interrupted openings and
		// closings.
		{Name: "status_closeat", Fields: []string{"status", "closeAt"}},
		{Name: "status_idleat", Fields: []string{"status", "idleAt"}},
		{Name: "status_updated", Fields: []string{"status", "updatedAt"}},
	}
	messageIndexes = []store.Index{
		// A conversation's messages in order.
		{Name: "conversation_seq", Fields: []string{"conversationId", "seq"}, Unique: true},
		// The text search: a bounded scan of the guild's newest messages.
		{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
		// Search by staff member.
		{Name: "guild_author", Fields: []string{"guildId", "authorId", "-createdAt"}},
		// Edits and deletes of a relayed message, from either side.
		{Name: "dm_message", Fields: []string{"dmMessageId"}},
		{Name: "channel_message", Fields: []string{"channelMessageId"}},
	}
	blockIndexes = []store.Index{
		{Name: "guild_user", Fields: []string{"guildId", "userId"}, Unique: true},
		{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
	}
	draftIndexes = []store.Index{
		{Name: "created", Fields: []string{"createdAt"}},
	}
)

// collections are the plugin's collections.
type collections struct {
	convs  *store.Collection[Conversation]
	msgs   *store.Collection[Message]
	blocks *store.Collection[Block]
	drafts *store.Collection[Draft]
}

func declareCollections(pc *core.Context) (*collections, error) {
	var st collections
	var err error
	if st.convs, err = core.Declare[Conversation](pc, collConversations, conversationIndexes...); err != nil {
		return nil, err
	}
	if st.msgs, err = core.Declare[Message](pc, collMessages, messageIndexes...); err != nil {
		return nil, err
	}
	if st.blocks, err = core.Declare[Block](pc, collBlocks, blockIndexes...); err != nil {
		return nil, err
	}
	if st.drafts, err = core.Declare[Draft](pc, collDrafts, draftIndexes...); err != nil {
		return nil, err
	}
	return &st, nil
}

// byNumber returns a guild's conversation, or a NOT_FOUND error.
func (s *collections) byNumber(ctx context.Context, guildID string, number int64) (*Conversation, error) {
	c, err := s.convs.FindOne(ctx, store.Where("guildId", guildID).Where("number", number))
	if errors.Is(err, store.ErrNotFound) {
		return nil, core.Errorf(core.CodeNotFound, "conversation #%d does not exist", number)
	}
	if err != nil {
		return nil, fmt.Errorf("conversation #%d of guild %s: %w", number, guildID, err)
	}
	return c, nil
}

// byChannel returns the live conversation of a staff channel.
func (s *collections) byChannel(ctx context.Context, channelID string) (*Conversation, error) {
	c, err := s.convs.FindOne(ctx, store.Where("channelId", channelID))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoConversation
	}
	if err != nil {
		return nil, fmt.Errorf("conversation of channel %s: %w", channelID, err)
	}
	return c, nil
}

// update applies change when the conversation is in one of the statuses
// from; ok is false when it is not (someone else moved it). change may
// refuse with an error of its own, returned as it is.
func (s *collections) update(ctx context.Context, id string, from []Status, change func(c *Conversation) error) (*Conversation, bool, error) {
	c, err := s.convs.Update(ctx, id, func(c *Conversation) error {
		ok := false
		for _, st := range from {
			ok = ok || c.Status == st
		}
		if !ok {
			return errStatusMoved
		}
		return change(c)
	})
	if errors.Is(err, errStatusMoved) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return c, true, nil
}

// insertMessage stores a message with its conversation's next seq.
func (s *collections) insertMessage(ctx context.Context, m *Message) error {
	if m.Attachments == nil {
		m.Attachments = []Attachment{}
	}
	if m.Edits == nil {
		m.Edits = []Edit{}
	}
	if _, err := s.msgs.InsertNumbered(ctx, m, "seq"); err != nil {
		return fmt.Errorf("store a message of conversation %s: %w", m.ConversationID, err)
	}
	return nil
}
