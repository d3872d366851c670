package modmail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Views of the conversation list.
const (
	ViewOpen    = "open"
	ViewWaiting = "waiting"
	ViewMine    = "mine"
	ViewClosed  = "closed"
	ViewAll     = "all"
)

// maxPage bounds a page of conversations or messages.
const maxPage = 100

// ListQuery selects conversations for the dashboard's list.
type ListQuery struct {
	View   string
	User   string
	Caller string
	Limit  int
	Cursor string
}

// List returns a page of the guild's conversations, most recent activity
// first (newest first for ViewAll and a user's), each on its own index.
func (s *Service) List(ctx context.Context, guildID string, q ListQuery) (store.Page[Conversation], error) {
	if q.Limit <= 0 || q.Limit > maxPage {
		q.Limit = 50
	}
	base := store.Where("guildId", guildID)
	var sq store.Query
	switch {
	case q.User != "":
		if !core.IsSnowflake(q.User) {
			return store.Page[Conversation]{}, core.BadRequest("user: %q is not a user id", q.User)
		}
		sq = base.Where("userId", q.User).OrderBy("-number")
	case q.View == "" || q.View == ViewOpen:
		sq = base.Where("status", StatusOpen).OrderBy("-lastMessageAt")
	case q.View == ViewWaiting:
		sq = base.Where("status", StatusOpen).Where("waiting", true).OrderBy("-lastMessageAt")
	case q.View == ViewMine:
		sq = base.Where("claimedBy", q.Caller).Where("status", StatusOpen).OrderBy("-lastMessageAt")
	case q.View == ViewClosed:
		sq = base.Where("status", StatusClosed).OrderBy("-lastMessageAt")
	case q.View == ViewAll:
		sq = base.OrderBy("-number")
	default:
		return store.Page[Conversation]{}, core.BadRequest("view: one of open, waiting, mine, closed, all")
	}
	page, err := s.st.convs.Page(ctx, sq.Limit(q.Limit).After(q.Cursor))
	if err != nil {
		return page, fmt.Errorf("modmail: list conversations of guild %s: %w", guildID, err)
	}
	return page, nil
}

// Thread is a conversation with its messages and the member's card.
type Thread struct {
	Conversation *Conversation `json:"conversation"`
	Messages     []Message     `json:"messages"`
	Card         Card          `json:"card"`
}

// maxThread bounds the messages a thread view returns.
const maxThread = 2000

// Thread returns a conversation with its messages, oldest first.
func (s *Service) Thread(ctx context.Context, guildID string, number int64) (*Thread, error) {
	conv, err := s.st.byNumber(ctx, guildID, number)
	if err != nil {
		return nil, err
	}
	msgs, err := s.st.msgs.Find(ctx, store.Where("conversationId", conv.ID).OrderBy("seq").Limit(maxThread))
	if err != nil {
		return nil, fmt.Errorf("modmail: messages of conversation #%d: %w", number, err)
	}
	return &Thread{Conversation: conv, Messages: msgs, Card: s.UserCard(ctx, guildID, conv.UserID, conv.UserName)}, nil
}

// SearchQuery searches the logs.
type SearchQuery struct {
	User, Staff, Text string
	From, To          *time.Time
	Limit             int
}

// SearchResult is a matching conversation, or a matching message with its
// conversation's number.
type SearchResult struct {
	Conversations []Conversation `json:"conversations"`
	Messages      []Message      `json:"messages"`
	// Scanned is how many messages a text search read (at most
	// TextScanLimit, the guild's newest).
	Scanned int `json:"scanned,omitempty"`
}

// TextScanLimit bounds a text search: it reads the guild's newest
// messages, at most this many, since the store only queries declared
// indexes and keeps no text index.
const TextScanLimit = 5000

// Search finds conversations by member and date, and messages by staff
// member, text and date.
func (s *Service) Search(ctx context.Context, guildID string, q SearchQuery) (*SearchResult, error) {
	if q.Limit <= 0 || q.Limit > maxPage {
		q.Limit = 50
	}
	out := &SearchResult{Conversations: []Conversation{}, Messages: []Message{}}
	switch {
	case q.User != "":
		if !core.IsSnowflake(q.User) {
			return nil, core.BadRequest("user: %q is not a user id", q.User)
		}
		convs, err := s.st.convs.Find(ctx, store.Where("guildId", guildID).Where("userId", q.User).OrderBy("-number").Limit(q.Limit))
		if err != nil {
			return nil, fmt.Errorf("modmail: search by user: %w", err)
		}
		out.Conversations = inRange(convs, q.From, q.To)
	case q.Staff != "":
		if !core.IsSnowflake(q.Staff) {
			return nil, core.BadRequest("staff: %q is not a user id", q.Staff)
		}
		msgs, err := s.st.msgs.Find(ctx, dated(store.Where("guildId", guildID).Where("authorId", q.Staff), q.From, q.To).Limit(q.Limit))
		if err != nil {
			return nil, fmt.Errorf("modmail: search by staff: %w", err)
		}
		out.Messages = msgs
	case q.Text != "":
		if len(q.Text) > 100 {
			return nil, core.BadRequest("text: at most 100 characters")
		}
		if err := s.searchText(ctx, guildID, q, out); err != nil {
			return nil, err
		}
	case q.From != nil || q.To != nil:
		convs, err := s.st.convs.Find(ctx, dated(store.Where("guildId", guildID), q.From, q.To).Limit(q.Limit))
		if err != nil {
			return nil, fmt.Errorf("modmail: search by date: %w", err)
		}
		out.Conversations = convs
	default:
		return nil, core.BadRequest("give user, staff, text, from or to")
	}
	return out, nil
}

// searchText scans the guild's newest messages (at most TextScanLimit,
// within the dates) for the text, case-insensitively.
func (s *Service) searchText(ctx context.Context, guildID string, q SearchQuery, out *SearchResult) error {
	needle := strings.ToLower(q.Text)
	cursor := ""
	for out.Scanned < TextScanLimit && len(out.Messages) < q.Limit {
		page, err := s.st.msgs.Page(ctx, dated(store.Where("guildId", guildID), q.From, q.To).Limit(500).After(cursor))
		if err != nil {
			return fmt.Errorf("modmail: search by text: %w", err)
		}
		for _, m := range page.Items {
			out.Scanned++
			if strings.Contains(strings.ToLower(m.Content), needle) {
				out.Messages = append(out.Messages, m)
				if len(out.Messages) == q.Limit {
					break
				}
			}
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	return nil
}

// dated bounds a query on createdAt, newest first.
func dated(q store.Query, from, to *time.Time) store.Query {
	if from != nil {
		q = q.Gte("createdAt", *from)
	}
	if to != nil {
		q = q.Lt("createdAt", *to)
	}
	return q.OrderBy("-createdAt")
}

func inRange(convs []Conversation, from, to *time.Time) []Conversation {
	out := convs[:0]
	for _, c := range convs {
		if (from == nil || !c.CreatedAt.Before(*from)) && (to == nil || c.CreatedAt.Before(*to)) {
			out = append(out, c)
		}
	}
	return out
}
