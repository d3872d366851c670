package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// DB is the store a process opens once: a driver and the collections
// declared on it.
type DB struct {
	drv Driver

	mu    sync.Mutex
	specs map[string]*Spec
}

// New wraps an opened driver.
func New(drv Driver) *DB {
	return &DB{drv: drv, specs: map[string]*Spec{}}
}

// Driver returns the driver, for backups and the driver's own tests.
func (db *DB) Driver() Driver { return db.drv }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.drv.Ping(ctx) }

// Close closes the driver.
func (db *DB) Close() error { return db.drv.Close() }

// Tx runs fn in a transaction (see Driver.Tx). Every collection call inside
// fn must be given the context fn receives. With MongoDB it needs a replica
// set; elsewhere it returns ErrTxUnsupported.
func (db *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	return db.drv.Tx(ctx, fn)
}

// declare records spec (merging it with an earlier declaration of the same
// collection) and has the driver create what is missing.
func (db *DB) declare(ctx context.Context, spec Spec) (*Spec, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	merged := spec
	if old, ok := db.specs[spec.Name]; ok {
		var err error
		if merged, err = mergeSpecs(*old, spec); err != nil {
			return nil, err
		}
	}
	if err := merged.Validate(); err != nil {
		return nil, err
	}
	if err := db.drv.Ensure(ctx, merged); err != nil {
		return nil, fmt.Errorf("store: declare %s: %w", spec.Name, err)
	}
	db.specs[spec.Name] = &merged
	return &merged, nil
}

// spec returns the current declaration of a collection.
func (db *DB) spec(name string) *Spec {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.specs[name]
}

// mergeSpecs adds b's fields and indexes to a's; an index declared twice
// must be declared the same way.
func mergeSpecs(a, b Spec) (Spec, error) {
	out := Spec{Name: a.Name, Fields: slices.Clone(a.Fields), Indexes: slices.Clone(a.Indexes)}
	for _, f := range b.Fields {
		if old, ok := out.Field(f.Path); ok {
			if old.Kind != f.Kind {
				return Spec{}, invalidf("%s: field %s declared as %s and as %s", a.Name, f.Path, old.Kind, f.Kind)
			}
			continue
		}
		out.Fields = append(out.Fields, f)
	}
	for _, ix := range b.Indexes {
		if old, ok := out.Index(ix.Name); ok {
			if old.Unique != ix.Unique || !slices.Equal(old.Fields, ix.Fields) {
				return Spec{}, invalidf("%s: index %s declared twice, differently", a.Name, ix.Name)
			}
			continue
		}
		out.Indexes = append(out.Indexes, ix)
	}
	return out, nil
}

// TxCapable is implemented by drivers whose support for transactions
// depends on the server (MongoDB: replica sets only).
type TxCapable interface {
	SupportsTx() bool
}

// Group runs fn's writes in one transaction where the database has them,
// which makes a burst of small writes one commit, and one write at a time
// where it has not. Use it for speed, not for atomicity: use Tx when the
// writes must stand or fall together.
func (db *DB) Group(ctx context.Context, fn func(ctx context.Context) error) error {
	if tc, ok := db.drv.(TxCapable); ok && !tc.SupportsTx() {
		return fn(ctx)
	}
	return db.drv.Tx(ctx, fn)
}
