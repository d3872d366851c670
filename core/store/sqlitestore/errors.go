package sqlitestore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"

	"github.com/warden-bot/warden/core/store"
)

// SQLite result codes used here (primary codes and extended ones).
const (
	sqlitePerm            = 3
	sqliteBusy            = 5
	sqliteLocked          = 6
	sqliteNoMem           = 7
	sqliteReadOnly        = 8
	sqliteIOErr           = 10
	sqliteCorrupt         = 11
	sqliteFull            = 13
	sqliteCantOpen        = 14
	sqliteConstraint      = 19
	sqliteNotADB          = 26
	sqliteConstraintPK    = 1555
	sqliteConstraintUniqe = 2067
)

func code(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// mapErr marks errors that mean the database cannot be used right now
// (disk full, I/O errors, locked) as store.ErrUnavailable.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	switch code(err) & 0xff {
	case sqliteBusy, sqliteLocked, sqliteNoMem, sqliteReadOnly, sqliteIOErr, sqliteCorrupt, sqliteFull, sqliteCantOpen, sqliteNotADB:
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return err
}

// uniqueErr turns a unique constraint failure into a *DuplicateKeyError
// naming the index, found from the columns SQLite lists
// ("UNIQUE constraint failed: t.k:guildId, t.k:number").
func (d *Driver) uniqueErr(coll string, err error) error {
	c := code(err)
	if c != sqliteConstraintUniqe && c != sqliteConstraintPK {
		return mapErr(err)
	}
	msg := err.Error()
	cols := msg[strings.LastIndex(msg, "failed: ")+len("failed: "):]
	if i := strings.LastIndex(cols, " ("); i >= 0 {
		cols = cols[:i] // the result code SQLite appends
	}
	var fields []string
	for _, col := range strings.Split(cols, ",") {
		col = strings.TrimSpace(col)
		if i := strings.LastIndex(col, ".k:"); i >= 0 {
			fields = append(fields, col[i+3:])
		} else if strings.HasSuffix(col, ".id") {
			return &store.DuplicateKeyError{Collection: coll, Index: "_id"}
		}
	}
	spec := d.spec(coll)
	for _, ix := range spec.Indexes {
		if !ix.Unique || len(ix.Fields) != len(fields) {
			continue
		}
		match := true
		for i, f := range ix.Fields {
			if store.FieldName(f) != fields[i] {
				match = false
			}
		}
		if match {
			return &store.DuplicateKeyError{Collection: coll, Index: ix.Name}
		}
	}
	return &store.DuplicateKeyError{Collection: coll, Index: strings.Join(fields, ",")}
}
