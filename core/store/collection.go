package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync/atomic"
)

// Collection is a declared collection of documents of type T, a struct that
// embeds Meta.
type Collection[T any] struct {
	db   *DB
	name string
	typ  reflect.Type
	// keys reads index keys from T for the spec it was built for; it is
	// rebuilt when the collection is declared again with more fields.
	keys atomic.Pointer[keyReader]
}

// Declare declares a collection of T with its indexes and creates what is
// missing in the database. Declaring a collection again (from another
// plugin, or after a restart) adds indexes; an index keeps its definition.
// Every index field must be a string, number, boolean or time field of T.
func Declare[T any](ctx context.Context, db *DB, name string, indexes ...Index) (*Collection[T], error) {
	typ := reflect.TypeFor[T]()
	if _, ok := any(new(T)).(Document); !ok || typ.Kind() != reflect.Struct {
		return nil, invalidf("collection %s: %s must be a struct embedding store.Meta", name, typ)
	}
	spec := Spec{Name: name, Indexes: indexes}
	for _, path := range usedFields(indexes) {
		f, ok := resolveField(typ, path)
		if !ok {
			return nil, invalidf("collection %s: index field %q is not a JSON field of %s", name, path, typ)
		}
		if !scalarType(f.typ) {
			return nil, invalidf("collection %s: index field %q of %s is a %s: index strings, numbers, booleans and times", name, path, typ, f.typ)
		}
		spec.Fields = append(spec.Fields, Field{Path: path, Kind: kindOf(f.typ)})
	}
	if _, err := db.declare(ctx, spec); err != nil {
		return nil, err
	}
	return &Collection[T]{db: db, name: name, typ: typ}, nil
}

// Name returns the collection's name.
func (c *Collection[T]) Name() string { return c.name }

func (c *Collection[T]) spec() *Spec { return c.db.spec(c.name) }

func (c *Collection[T]) wrap(op string, err error) error {
	return fmt.Errorf("%s %s: %w", op, c.name, err)
}

// encode writes doc's JSON and keys for id at version.
func (c *Collection[T]) encode(doc *T, id string, version int64) (Row, error) {
	m := any(doc).(Document).StoreMeta()
	m.ID, m.Version = id, version
	raw, err := json.Marshal(doc)
	if err != nil {
		return Row{}, invalidf("%s %s: encode: %v", c.name, id, err)
	}
	spec := c.spec()
	kr := c.keys.Load()
	if kr == nil || kr.spec != spec {
		kr = newKeyReader(c.typ, spec)
		c.keys.Store(kr)
	}
	if !kr.fromJSON {
		return Row{ID: id, Version: version, Doc: raw, Keys: kr.keys(reflect.ValueOf(doc).Elem())}, nil
	}
	keys, err := ExtractKeys(spec, raw)
	if err != nil {
		return Row{}, err
	}
	return Row{ID: id, Version: version, Doc: raw, Keys: keys}, nil
}

func (c *Collection[T]) decode(r Row) (*T, error) {
	doc := new(T)
	if err := json.Unmarshal(r.Doc, doc); err != nil {
		return nil, fmt.Errorf("%s %s: stored document does not decode into %s: %w", c.name, r.ID, c.typ, err)
	}
	m := any(doc).(Document).StoreMeta()
	m.ID, m.Version = r.ID, r.Version
	return doc, nil
}

// Get returns the document with the id, or an error wrapping ErrNotFound.
func (c *Collection[T]) Get(ctx context.Context, id string) (*T, error) {
	r, err := c.db.drv.Get(ctx, c.name, id)
	if err != nil {
		return nil, c.wrap("get", fmt.Errorf("%s: %w", id, err))
	}
	return c.decode(r)
}

// Insert stores a new document at version 1, giving it a new id when its
// Meta has none; doc's Meta is updated. A taken id or unique key is a
// *DuplicateKeyError.
func (c *Collection[T]) Insert(ctx context.Context, doc *T) error {
	return c.InsertMany(ctx, doc)
}

// InsertMany inserts documents together: all or none.
func (c *Collection[T]) InsertMany(ctx context.Context, docs ...*T) error {
	rows := make([]Row, 0, len(docs))
	for _, doc := range docs {
		id := any(doc).(Document).StoreMeta().ID
		if id == "" {
			id = NewID()
		}
		r, err := c.encode(doc, id, 1)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	if err := c.db.drv.Insert(ctx, c.name, rows...); err != nil {
		for _, doc := range docs {
			any(doc).(Document).StoreMeta().Version = 0
		}
		return c.wrap("insert into", err)
	}
	return nil
}

// Replace writes doc over the stored document if the stored version is
// doc's Version, and sets doc's Version to the new one. A stale version is
// a *ConflictError carrying the stored document; a missing document is
// ErrNotFound.
func (c *Collection[T]) Replace(ctx context.Context, doc *T) error {
	m := any(doc).(Document).StoreMeta()
	if m.ID == "" || m.Version < 1 {
		return invalidf("replace in %s: the document has no id or version; read it first (or Insert it)", c.name)
	}
	expect := m.Version
	r, err := c.encode(doc, m.ID, expect+1)
	if err != nil {
		m.Version = expect
		return err
	}
	if err := c.db.drv.Replace(ctx, c.name, r, expect); err != nil {
		m.Version = expect
		if errors.Is(err, ErrConflict) {
			return c.conflict(ctx, m.ID, expect)
		}
		return c.wrap("replace in", fmt.Errorf("%s: %w", m.ID, err))
	}
	return nil
}

func (c *Collection[T]) conflict(ctx context.Context, id string, expect int64) error {
	cur, err := c.Get(ctx, id)
	if err != nil {
		return err
	}
	return &ConflictError{Collection: c.name, ID: id, Expected: expect, Current: cur}
}

// maxRetries bounds the read-modify-write loops of Update and Upsert.
const maxRetries = 1000

// Update reads the document, lets fn change it, and writes it back if no
// one wrote it in between, retrying until it does: a read-modify-write
// that loses no concurrent update (an increment is fn adding to a field).
// An error from fn is returned as it is and nothing is written.
func (c *Collection[T]) Update(ctx context.Context, id string, fn func(doc *T) error) (*T, error) {
	for range maxRetries {
		doc, err := c.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := fn(doc); err != nil {
			return nil, err
		}
		err = c.Replace(ctx, doc)
		if !errors.Is(err, ErrConflict) {
			return doc, err
		}
		runtime.Gosched()
	}
	return nil, c.wrap("update", fmt.Errorf("%s: still contended after %d attempts: %w", id, maxRetries, ErrConflict))
}

// Upsert is Update for a document that may not exist yet: fn gets a zero
// document (exists false) when there is none, and the result is inserted
// with the id.
func (c *Collection[T]) Upsert(ctx context.Context, id string, fn func(doc *T, exists bool) error) (*T, error) {
	for range maxRetries {
		doc, err := c.Get(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			doc = new(T)
			if err := fn(doc, false); err != nil {
				return nil, err
			}
			any(doc).(Document).StoreMeta().ID = id
			err = c.Insert(ctx, doc)
			if IsDuplicate(err, "_id") {
				runtime.Gosched()
				continue
			}
			return doc, err
		case err != nil:
			return nil, err
		}
		if err := fn(doc, true); err != nil {
			return nil, err
		}
		err = c.Replace(ctx, doc)
		if !errors.Is(err, ErrConflict) {
			return doc, err
		}
		runtime.Gosched()
	}
	return nil, c.wrap("upsert", fmt.Errorf("%s: still contended after %d attempts: %w", id, maxRetries, ErrConflict))
}

// Delete removes the document, only at version when version is non-zero,
// and returns it. A missing document is ErrNotFound; a stale version a
// *ConflictError.
func (c *Collection[T]) Delete(ctx context.Context, id string, version int64) (*T, error) {
	r, err := c.db.drv.Delete(ctx, c.name, id, version)
	if errors.Is(err, ErrConflict) {
		return nil, c.conflict(ctx, id, version)
	}
	if err != nil {
		return nil, c.wrap("delete from", fmt.Errorf("%s: %w", id, err))
	}
	return c.decode(r)
}

// Find returns the documents the query selects, in its order.
func (c *Collection[T]) Find(ctx context.Context, q Query) ([]T, error) {
	p, err := c.Page(ctx, q)
	return p.Items, err
}

// FindOne returns the first document the query selects, or ErrNotFound.
func (c *Collection[T]) FindOne(ctx context.Context, q Query) (*T, error) {
	items, err := c.Find(ctx, q.Limit(1))
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, c.wrap("find in", ErrNotFound)
	}
	return &items[0], nil
}

// Page is one page of a query's documents.
type Page[T any] struct {
	Items []T `json:"items"`
	// Next continues the query (Query.After); empty on the last page.
	Next string `json:"nextCursor,omitempty"`
}

// Page returns a page of the query's documents and the cursor of the next
// one. With no limit, it returns every match and no cursor.
func (c *Collection[T]) Page(ctx context.Context, q Query) (Page[T], error) {
	out := Page[T]{Items: []T{}}
	spec := c.spec()
	p, err := q.plan(spec)
	if err != nil {
		return out, err
	}
	if p.Limit > 0 {
		p.Limit++ // one more tells whether there is a next page
	}
	rows, err := c.db.drv.Find(ctx, c.name, p)
	if err != nil {
		return out, c.wrap("find in", err)
	}
	if p.Limit > 0 && len(rows) == p.Limit {
		rows = rows[:p.Limit-1]
		out.Next = encodeCursor(p, rows[len(rows)-1])
	}
	for _, r := range rows {
		doc, err := c.decode(r)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, *doc)
	}
	return out, nil
}

// Count counts the documents the query selects.
func (c *Collection[T]) Count(ctx context.Context, q Query) (int64, error) {
	p, err := q.plan(c.spec())
	if err != nil {
		return 0, err
	}
	n, err := c.db.drv.Count(ctx, c.name, p)
	if err != nil {
		return 0, c.wrap("count in", err)
	}
	return n, nil
}

// DeleteMany removes the documents the query selects (up to its limit) and
// says how many it removed.
func (c *Collection[T]) DeleteMany(ctx context.Context, q Query) (int64, error) {
	p, err := q.plan(c.spec())
	if err != nil {
		return 0, err
	}
	n, err := c.db.drv.DeleteMany(ctx, c.name, p)
	if err != nil {
		return 0, c.wrap("delete from", err)
	}
	return n, nil
}

// InsertNumbered inserts doc with the next number of its scope in field:
// field must be the last field of a unique index, and the scope is doc's
// values of that index's other fields (a case number per guild is the
// index {guildId, number}). Numbers start at 1 and have no gaps: a failed
// insert claims none. field is set on doc, and the number returned.
func (c *Collection[T]) InsertNumbered(ctx context.Context, doc *T, field string) (int64, error) {
	spec := c.spec()
	var scopeFields []string
	for _, ix := range spec.Indexes {
		fs := indexFields(ix)
		if ix.Unique && fs[len(fs)-1] == field {
			scopeFields = fs[:len(fs)-1]
			break
		}
	}
	if scopeFields == nil {
		return 0, invalidf("%s: number %s: no unique index ends with it; declare store.Index{Fields: []string{<scope fields>..., %q}, Unique: true}", c.name, field, field)
	}
	gf, ok := resolveField(c.typ, field)
	if !ok || gf.index == nil || !reflect.New(gf.typ).Elem().CanInt() {
		return 0, invalidf("%s: number %s: not an integer field of %s", c.name, field, c.typ)
	}
	m := any(doc).(Document).StoreMeta()
	if m.ID == "" {
		m.ID = NewID()
	}
	// The scope's values come from the document as it will be stored.
	probe, err := c.encode(doc, m.ID, 1)
	if err != nil {
		return 0, err
	}
	scope := make([]Cond, len(scopeFields))
	for i, f := range scopeFields {
		scope[i] = Cond{Field: f, Value: probe.Keys[f]}
	}
	fv := reflect.ValueOf(doc).Elem().FieldByIndex(gf.index)
	n, err := c.db.drv.InsertNumbered(ctx, c.name, scope, field, func(n int64) (Row, error) {
		fv.SetInt(n)
		return c.encode(doc, m.ID, 1)
	})
	if err != nil {
		m.Version = 0
		return 0, c.wrap("insert numbered into", err)
	}
	return n, nil
}

// View returns a typed view of a collection declared earlier (by Declare,
// possibly with another document type), without touching the database. It
// panics if T does not embed Meta or the collection was never declared:
// both are mistakes in the program, not in its input.
func View[T any](db *DB, name string) *Collection[T] {
	typ := reflect.TypeFor[T]()
	if _, ok := any(new(T)).(Document); !ok || typ.Kind() != reflect.Struct {
		panic(fmt.Sprintf("store.View: %s must be a struct embedding store.Meta", typ))
	}
	if db.spec(name) == nil {
		panic(fmt.Sprintf("store.View: collection %s was never declared", name))
	}
	return &Collection[T]{db: db, name: name, typ: typ}
}
