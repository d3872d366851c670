package core

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// AuditEntry is one change made through the dashboard API: who, what, when,
// and for config documents the before and after.
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
	// Before and After are the changed document, when the handler noted it.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// At is when the change was made.
	At time.Time `json:"at"`
}

// AuditLog stores audit entries. The dashboard plugin implements it; the API
// writes one entry for every successful write under a guild.
type AuditLog interface {
	RecordAudit(ctx context.Context, e AuditEntry) error
}

// AuditNote is what a handler tells the API about its write. The API puts
// an empty note in each write request's context and records it after the
// handler returns.
type AuditNote struct {
	mu     sync.Mutex
	action string
	before any
	after  any
}

type auditNoteKey struct{}

// WithAuditNote returns ctx carrying a fresh note.
func WithAuditNote(ctx context.Context) (context.Context, *AuditNote) {
	n := &AuditNote{}
	return context.WithValue(ctx, auditNoteKey{}, n), n
}

// NoteChange records, for the audit log, what the write of the request
// whose context is ctx changed. before or after may be nil (a creation or a
// deletion). It does nothing outside an API request.
func NoteChange(ctx context.Context, action string, before, after any) {
	n, ok := ctx.Value(auditNoteKey{}).(*AuditNote)
	if !ok {
		return
	}
	n.mu.Lock()
	n.action, n.before, n.after = action, before, after
	n.mu.Unlock()
}

// Read returns what the handler noted.
func (n *AuditNote) Read() (action string, before, after any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.action, n.before, n.after
}
