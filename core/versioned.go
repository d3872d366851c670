package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// VersionedDoc is what Versioned needs of a document type: a pointer to a
// struct embedding store.Meta (its id and version) and Stamp (who changed
// it last), that knows its guild.
type VersionedDoc[T any] interface {
	*T
	store.Document
	Stamped
	// Guild returns the id of the guild the document belongs to.
	Guild() string
}

// Stamped is a document that records who changed it last and when.
type Stamped interface {
	LastChange() *Stamp
}

// Stamp is embedded in versioned documents: who changed one last, and when.
type Stamp struct {
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy"`
}

// LastChange returns the stamp; it makes every embedding struct Stamped.
func (s *Stamp) LastChange() *Stamp { return s }

// VersionedOptions describe a plugin's versioned documents.
type VersionedOptions[T any] struct {
	// Kind names a document in messages and audit actions ("rule":
	// "rule.create", `rule "x" does not exist`).
	Kind string
	// Check validates a document about to be written (after a change, for
	// an update) against the guild; nil accepts every document.
	Check func(ctx context.Context, guildID string, doc *T) error
	// PerGuild caps a guild's documents; zero means no cap.
	PerGuild int
	// Duplicate is the CONFLICT message when a unique index other than the
	// id refuses a write ("a rule with that name already exists").
	Duplicate string
	// Created, Updated and Deleted are the declared events broadcast after
	// each write; empty sends none.
	Created, Updated, Deleted string
	// DeletedPayload is the Deleted event's payload; nil sends the deleted
	// document.
	DeletedPayload func(doc *T, by string) any
	// Changed runs after every committed write (to drop a cache).
	Changed func(guildID string)
}

// Versioned is a plugin's collection of versioned per-guild documents with
// the write rules every such document follows in one place: validate, save
// at the version the caller read (a stale version is a *store.ConflictError
// carrying the stored document: 409 with "current"), write the audit entry
// with the document before and after in the same store transaction (in an
// API request), then broadcast the declared event.
type Versioned[T any, PT VersionedDoc[T]] struct {
	pc   *Context
	coll *store.Collection[T]
	opt  VersionedOptions[T]
}

// NewVersioned returns the versioned documents of coll, owned by pc's
// plugin.
func NewVersioned[T any, PT VersionedDoc[T]](pc *Context, coll *store.Collection[T], opt VersionedOptions[T]) *Versioned[T, PT] {
	if opt.Kind == "" {
		opt.Kind = "document"
	}
	return &Versioned[T, PT]{pc: pc, coll: coll, opt: opt}
}

// Collection returns the underlying collection, for reads Versioned does
// not offer.
func (v *Versioned[T, PT]) Collection() *store.Collection[T] { return v.coll }

func (v *Versioned[T, PT]) notFound(id string) error {
	return Errorf(CodeNotFound, "%s %q does not exist", v.opt.Kind, id)
}

// Get returns the guild's document with the id, or NOT_FOUND.
func (v *Versioned[T, PT]) Get(ctx context.Context, guildID, id string) (PT, error) {
	doc, err := v.coll.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && PT(doc).Guild() != guildID {
		return nil, v.notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s of guild %s: %w", v.opt.Kind, id, guildID, err)
	}
	return doc, nil
}

// Page returns a page of the query's documents. The query must hold the
// guild's equality (store.Where("guildId", guildID)...).
func (v *Versioned[T, PT]) Page(ctx context.Context, q store.Query) (store.Page[T], error) {
	p, err := v.coll.Page(ctx, q)
	if err != nil {
		return p, fmt.Errorf("list %ss: %w", v.opt.Kind, err)
	}
	return p, nil
}

func (v *Versioned[T, PT]) check(ctx context.Context, guildID string, doc PT) error {
	if v.opt.Check == nil {
		return nil
	}
	return v.opt.Check(ctx, guildID, doc)
}

// writeErr turns a refused write into the error a user sees.
func (v *Versioned[T, PT]) writeErr(err error, guildID, id string) error {
	var ue *Error
	var ce *store.ConflictError
	switch {
	case err == nil, errors.As(err, &ue), errors.As(err, &ce):
		return err
	case errors.Is(err, store.ErrNotFound):
		return v.notFound(id)
	case store.IsDuplicate(err, "") && v.opt.Duplicate != "":
		return &Error{Code: CodeConflict, Message: v.opt.Duplicate, Err: err}
	}
	return fmt.Errorf("write %s %s of guild %s: %w", v.opt.Kind, id, guildID, err)
}

func (v *Versioned[T, PT]) after(guildID, event string, payload any) {
	if v.opt.Changed != nil {
		v.opt.Changed(guildID)
	}
	if event != "" {
		_ = v.pc.Broadcast(guildID, event, payload)
	}
}

// Create validates doc, stores it at version 1 (its guild is doc.Guild()),
// and broadcasts the Created event.
func (v *Versioned[T, PT]) Create(ctx context.Context, doc PT, by string) (PT, error) {
	guildID := doc.Guild()
	if err := v.check(ctx, guildID, doc); err != nil {
		return nil, err
	}
	if v.opt.PerGuild > 0 {
		n, err := v.coll.Count(ctx, store.Where("guildId", guildID))
		if err != nil {
			return nil, fmt.Errorf("count %ss of guild %s: %w", v.opt.Kind, guildID, err)
		}
		if n >= int64(v.opt.PerGuild) {
			return nil, BadRequest("a guild may have at most %d %ss", v.opt.PerGuild, v.opt.Kind)
		}
	}
	*doc.LastChange() = Stamp{UpdatedAt: v.pc.core.now().UTC().Truncate(time.Millisecond), UpdatedBy: by}
	err := v.pc.core.auditedWrite(ctx, guildID, v.pc.ID, v.opt.Kind+".create", 201, func(ctx context.Context) (any, any, error) {
		return nil, doc, v.coll.Insert(ctx, doc)
	})
	if err != nil {
		return nil, v.writeErr(err, guildID, doc.StoreMeta().ID)
	}
	v.after(guildID, v.opt.Created, doc)
	return doc, nil
}

// Update changes the guild's document with change, at version when it is
// non-zero (a stale one is a *store.ConflictError carrying the stored
// document) or at whatever version is stored, then validates and saves it
// and broadcasts the Updated event. Concurrent writers at one version:
// exactly one wins.
func (v *Versioned[T, PT]) Update(ctx context.Context, guildID, id string, version int64, by string, change func(doc PT) error) (PT, error) {
	var saved PT
	err := v.pc.core.auditedWrite(ctx, guildID, v.pc.ID, v.opt.Kind+".update", 200, func(ctx context.Context) (any, any, error) {
		var before T
		doc, err := v.coll.Update(ctx, id, func(doc *T) error {
			before = *doc
			d := PT(doc)
			if d.Guild() != guildID {
				return store.ErrNotFound
			}
			if version != 0 && d.StoreMeta().Version != version {
				cur := *doc
				return &store.ConflictError{Collection: v.coll.Name(), ID: id, Expected: version, Current: PT(&cur)}
			}
			if err := change(d); err != nil {
				return err
			}
			if err := v.check(ctx, guildID, d); err != nil {
				return err
			}
			*d.LastChange() = Stamp{UpdatedAt: v.pc.core.now().UTC().Truncate(time.Millisecond), UpdatedBy: by}
			return nil
		})
		saved = doc
		return PT(&before), doc, err
	})
	if err != nil {
		return nil, v.writeErr(err, guildID, id)
	}
	v.after(guildID, v.opt.Updated, saved)
	return saved, nil
}

// Delete removes the guild's document, at version when it is non-zero,
// and broadcasts the Deleted event. It returns the deleted document.
func (v *Versioned[T, PT]) Delete(ctx context.Context, guildID, id string, version int64, by string) (PT, error) {
	var gone PT
	err := v.pc.core.auditedWrite(ctx, guildID, v.pc.ID, v.opt.Kind+".delete", 204, func(ctx context.Context) (any, any, error) {
		doc, err := v.Get(ctx, guildID, id)
		if err != nil {
			return nil, nil, err
		}
		if version == 0 {
			version = doc.StoreMeta().Version
		}
		gone, err = v.coll.Delete(ctx, id, version)
		return gone, nil, err
	})
	if err != nil {
		return nil, v.writeErr(err, guildID, id)
	}
	var payload any = gone
	if v.opt.DeletedPayload != nil {
		payload = v.opt.DeletedPayload(gone, by)
	}
	v.after(guildID, v.opt.Deleted, payload)
	return gone, nil
}
