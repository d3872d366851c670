package store

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the store returns wraps one of them, or is a
// driver error wrapped with the collection it concerns.
var (
	// ErrNotFound means no document has the id, or no document matched.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a version-checked write found another version.
	ErrConflict = errors.New("version conflict")
	// ErrDuplicate means a unique index refused a write.
	ErrDuplicate = errors.New("duplicate key")
	// ErrUnavailable means the database cannot be reached.
	ErrUnavailable = errors.New("store unavailable")
	// ErrNoIndex means a query has no declared index to run on.
	ErrNoIndex = errors.New("no index serves the query")
	// ErrTxUnsupported means the database cannot run multi-document
	// transactions (a MongoDB server that is not a replica set member).
	ErrTxUnsupported = errors.New("transactions are not supported by this database")
	// ErrInvalid means a declaration, document or query is malformed.
	ErrInvalid = errors.New("invalid")
	// ErrBadCursor means a page cursor was not one this query returned:
	// the caller's input, not the program, is wrong.
	ErrBadCursor = fmt.Errorf("bad cursor: %w", ErrInvalid)
)

// ConflictError is returned by a version-checked write whose version is
// stale. Current is the stored document (a *T of the collection's type), so
// the caller can show who changed it and to what.
type ConflictError struct {
	Collection string
	ID         string
	// Expected is the version the write was made at.
	Expected int64
	// Current is the stored document; its version is in its Meta.
	Current any
}

func (e *ConflictError) Error() string {
	v := int64(0)
	if d, ok := e.Current.(Document); ok {
		v = d.StoreMeta().Version
	}
	return fmt.Sprintf("%s %s: written at version %d, stored at version %d: %v", e.Collection, e.ID, e.Expected, v, ErrConflict)
}

func (e *ConflictError) Unwrap() error { return ErrConflict }

// DuplicateKeyError names the unique index that refused a write. Index is
// "_id" for the primary key.
type DuplicateKeyError struct {
	Collection string
	Index      string
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("%s: unique index %s: %v", e.Collection, e.Index, ErrDuplicate)
}

func (e *DuplicateKeyError) Unwrap() error { return ErrDuplicate }

// IsDuplicate reports whether err is a duplicate key on the named index
// (any unique index when index is empty).
func IsDuplicate(err error, index string) bool {
	var de *DuplicateKeyError
	if !errors.As(err, &de) {
		return false
	}
	return index == "" || de.Index == index
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), ErrInvalid)
}
