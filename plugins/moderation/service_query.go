package moderation

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// CaseFilter narrows a case listing. Zero fields match everything.
type CaseFilter struct {
	UserID string
	Type   CaseType
	Status Status
	// Cursor is the nextCursor of the previous page.
	Cursor string
	// Limit is the page size. Zero means 25; at most 100.
	Limit int
}

// CasePage is one page of cases, newest first.
type CasePage struct {
	Items []Infraction `json:"items"`
	// NextCursor fetches the next page; empty on the last.
	NextCursor string `json:"nextCursor,omitempty"`
}

var validStatuses = []Status{StatusPending, StatusActive, StatusFailed, StatusExpired, StatusPardoned, StatusAppealed}

// Cases lists a guild's cases, newest first, a page at a time.
func (s *Service) Cases(ctx context.Context, guildID string, f CaseFilter) (*CasePage, error) {
	q := store.Where("guildId", guildID)
	if f.UserID != "" {
		if !core.IsSnowflake(f.UserID) {
			return nil, core.BadRequest("user: %q is not a user id", f.UserID)
		}
		q = q.Where("targetId", f.UserID)
	}
	if f.Type != "" {
		if !validType(f.Type) {
			return nil, core.BadRequest("type: unknown case type %q", f.Type)
		}
		q = q.Where("type", f.Type)
	}
	if f.Status != "" {
		if !slices.Contains(validStatuses, f.Status) {
			return nil, core.BadRequest("status: unknown status %q", f.Status)
		}
		q = q.Where("status", f.Status)
	}
	if f.Cursor != "" {
		before, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		q = q.Lt("number", before)
	}
	switch {
	case f.Limit == 0:
		f.Limit = 25
	case f.Limit < 1 || f.Limit > 100:
		return nil, core.BadRequest("limit: must be 1-100")
	}
	items, err := s.st.findCases(ctx, q.OrderBy("-number").Limit(f.Limit+1))
	if err != nil {
		return nil, err
	}
	page := &CasePage{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		page.NextCursor = encodeCursor(page.Items[f.Limit-1].Number)
	}
	return page, nil
}

// Case returns one case by number.
func (s *Service) Case(ctx context.Context, guildID string, number int64) (*Infraction, error) {
	return s.st.caseByNumber(ctx, guildID, number)
}

// Cursors are opaque to clients: the last number seen, base64url-encoded.
func encodeCursor(number int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("n" + strconv.FormatInt(number, 10)))
}

func decodeCursor(c string) (int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(raw) < 2 || raw[0] != 'n' {
		return 0, core.BadRequest("cursor: not a cursor this API returned")
	}
	n, err := strconv.ParseInt(string(raw[1:]), 10, 64)
	if err != nil || n < 1 {
		return 0, core.BadRequest("cursor: not a cursor this API returned")
	}
	return n, nil
}
