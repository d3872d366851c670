package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Audit page sizes.
const (
	defaultAuditPage = 50
	maxAuditPage     = 100
)

type auditRecord struct {
	store.Meta
	GuildID string          `json:"guildId"`
	UserID  string          `json:"userId"`
	Plugin  string          `json:"plugin"`
	Action  string          `json:"action"`
	Status  int             `json:"status"`
	Before  json.RawMessage `json:"before,omitempty"`
	After   json.RawMessage `json:"after,omitempty"`
	At      time.Time       `json:"at"`
}

func (r auditRecord) entry() core.AuditEntry {
	return core.AuditEntry{ID: r.ID, GuildID: r.GuildID, UserID: r.UserID, Plugin: r.Plugin,
		Action: r.Action, Status: r.Status, At: r.At, Before: r.Before, After: r.After}
}

type auditStore struct {
	coll *store.Collection[auditRecord]
}

func newAuditStore(pc *core.Context) (*auditStore, error) {
	coll, err := core.Declare[auditRecord](pc, auditCollection,
		store.Index{Name: "guild_at", Fields: []string{"guildId", "-at"}},
		store.Index{Name: "at", Fields: []string{"at"}})
	return &auditStore{coll: coll}, err
}

func (s *auditStore) insert(ctx context.Context, e core.AuditEntry) error {
	rec := &auditRecord{GuildID: e.GuildID, UserID: e.UserID, Plugin: e.Plugin,
		Action: e.Action, Status: e.Status, Before: e.Before, After: e.After,
		At: e.At.UTC().Truncate(time.Millisecond)}
	if err := s.coll.Insert(ctx, rec); err != nil {
		return fmt.Errorf("audit entry in guild %s: %w", e.GuildID, err)
	}
	return nil
}

// AuditPage is one page of a guild's audit log, newest first.
type AuditPage struct {
	Entries []core.AuditEntry `json:"entries"`
	// NextCursor fetches the next (older) page; null on the last page.
	NextCursor *string `json:"nextCursor"`
}

// page returns up to limit entries older than cursor (empty: the newest).
func (s *auditStore) page(ctx context.Context, guildID, cursor string, limit int) (AuditPage, error) {
	q := store.Where("guildId", guildID).OrderBy("-at").Limit(limit)
	if cursor != "" {
		q = q.After(cursor)
	}
	p, err := s.coll.Page(ctx, q)
	if err != nil {
		return AuditPage{}, fmt.Errorf("audit log of guild %s: %w", guildID, err)
	}
	page := AuditPage{Entries: make([]core.AuditEntry, 0, len(p.Items))}
	if p.Next != "" {
		page.NextCursor = &p.Next
	}
	for _, r := range p.Items {
		page.Entries = append(page.Entries, r.entry())
	}
	return page, nil
}
