package core

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// AuditEntry is one change made through the dashboard API: who, what, when,
// and for documents the before and after.
type AuditEntry struct {
	// ID orders entries; the newest has the greatest.
	ID string `json:"id"`
	// GuildID is the guild the change was made in.
	GuildID string `json:"guildId"`
	// UserID is who made the change.
	UserID string `json:"userId"`
	// Plugin owns the route ("dashboard", "moderation").
	Plugin string `json:"plugin"`
	// Action names the change, such as "config.update" or "grant.create";
	// for routes that name none it is "<METHOD> <path>".
	Action string `json:"action"`
	// Status is the HTTP status of the answer.
	Status int `json:"status"`
	// Before and After are the changed document, when the write named it.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// At is when the change was made.
	At time.Time `json:"at"`
}

// AuditPage is one page of a guild's audit log, newest first.
type AuditPage struct {
	Entries []AuditEntry `json:"entries"`
	// NextCursor fetches the next (older) page; null on the last page.
	NextCursor *string `json:"nextCursor"`
}

// Audit page sizes.
const (
	DefaultAuditPage = 50
	MaxAuditPage     = 100
)

// auditCollection keeps the audit log. The name predates the core owning
// it (the dashboard plugin kept it), so existing logs stay readable.
const auditCollection = "dashboard_audit"

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

var auditIndexes = []store.Index{
	{Name: "guild_at", Fields: []string{"guildId", "-at"}},
	// The retention sweep deletes by age across guilds.
	{Name: "at", Fields: []string{"at"}},
}

func (r auditRecord) entry() AuditEntry {
	return AuditEntry{ID: r.ID, GuildID: r.GuildID, UserID: r.UserID, Plugin: r.Plugin,
		Action: r.Action, Status: r.Status, At: r.At, Before: r.Before, After: r.After}
}

// RecordAudit stores an audit entry. Inside a store transaction (ctx from
// store.DB.Tx or Group) it commits with the write it describes.
func (c *Core) RecordAudit(ctx context.Context, e AuditEntry) error {
	rec := &auditRecord{GuildID: e.GuildID, UserID: e.UserID, Plugin: e.Plugin,
		Action: e.Action, Status: e.Status, Before: e.Before, After: e.After,
		At: e.At.UTC().Truncate(time.Millisecond)}
	if err := c.coll.audit.Insert(ctx, rec); err != nil {
		return fmt.Errorf("audit entry in guild %s: %w", e.GuildID, err)
	}
	return nil
}

// AuditLog returns up to limit entries of a guild's audit log older than
// cursor (empty: the newest).
func (c *Core) AuditLog(ctx context.Context, guildID, cursor string, limit int) (AuditPage, error) {
	q := store.Where("guildId", guildID).OrderBy("-at").Limit(limit)
	if cursor != "" {
		q = q.After(cursor)
	}
	p, err := c.coll.audit.Page(ctx, q)
	if err != nil {
		return AuditPage{}, fmt.Errorf("audit log of guild %s: %w", guildID, err)
	}
	page := AuditPage{Entries: make([]AuditEntry, 0, len(p.Items))}
	if p.Next != "" {
		page.NextCursor = &p.Next
	}
	for _, r := range p.Items {
		page.Entries = append(page.Entries, r.entry())
	}
	return page, nil
}

// AuditNote is what a handler tells the API about its write. The API puts
// an empty note in each write request's context and, after the handler
// returns, records what it says, unless the write recorded its own entry
// (Versioned, GuildConfig and the grants do, in the write's transaction).
type AuditNote struct {
	mu       sync.Mutex
	action   string
	before   any
	after    any
	recorded bool
}

type auditNoteKey struct{}

// WithAuditNote returns ctx carrying a fresh note.
func WithAuditNote(ctx context.Context) (context.Context, *AuditNote) {
	n := &AuditNote{}
	return context.WithValue(ctx, auditNoteKey{}, n), n
}

func auditNoteFrom(ctx context.Context) *AuditNote {
	n, _ := ctx.Value(auditNoteKey{}).(*AuditNote)
	return n
}

// NoteChange records, for the audit log, what the write of the request
// whose context is ctx changed. before or after may be nil (a creation or a
// deletion). It does nothing outside an API request. Writes made through
// Versioned or GuildConfig need no note: they record their own entry.
func NoteChange(ctx context.Context, action string, before, after any) {
	n := auditNoteFrom(ctx)
	if n == nil {
		return
	}
	n.mu.Lock()
	n.action, n.before, n.after = action, before, after
	n.mu.Unlock()
}

// Read returns what the handler noted, and whether a write already
// recorded its own entry.
func (n *AuditNote) Read() (action string, before, after any, recorded bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.action, n.before, n.after, n.recorded
}

func (n *AuditNote) markRecorded() {
	n.mu.Lock()
	n.recorded = true
	n.mu.Unlock()
}

// auditedWrite runs write and, when ctx is an API request's, the audit
// entry describing it, in one store transaction where the database has
// them (store.DB.Group): the entry commits with the write or not at all.
// The entry's before and after are taken from what write returns, read
// inside the transaction, so they are the documents the write replaced
// and produced.
func (c *Core) auditedWrite(ctx context.Context, guildID, plugin, action string, status int,
	write func(ctx context.Context) (before, after any, err error)) error {
	note := auditNoteFrom(ctx)
	err := c.store.Group(ctx, func(ctx context.Context) error {
		before, after, err := write(ctx)
		if err != nil || note == nil {
			return err
		}
		caller, _ := CallerFrom(ctx)
		return c.RecordAudit(ctx, AuditEntry{GuildID: guildID, UserID: caller.UserID, Plugin: plugin,
			Action: action, Status: status, Before: JSONOf(before), After: JSONOf(after), At: c.now()})
	})
	if err == nil && note != nil {
		note.markRecorded()
	}
	return err
}

// JSONOf returns v's JSON for an audit entry's before or after, nil for a
// nil v or one that does not encode.
func JSONOf(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return raw
}
