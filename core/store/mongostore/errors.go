package mongostore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/warden-bot/warden/core/store"
)

// MongoDB error codes used here.
const (
	codeNamespaceExists       = 48
	codeIndexOptionsConflict  = 85
	codeIndexKeySpecsConflict = 86
)

// mapErr marks errors that mean the database cannot be reached (network
// errors, timeouts, no server to select) as store.ErrUnavailable.
func mapErr(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) {
		return err
	}
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) ||
		errors.Is(err, mongo.ErrClientDisconnected) ||
		errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "server selection") {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return err
}

// isDuplicate reports whether err is a unique index refusing a write.
// FerretDB reports a replace onto a taken unique key as an internal error
// carrying SQLite's message.
func isDuplicate(err error) bool {
	return err != nil && (mongo.IsDuplicateKeyError(err) || strings.Contains(err.Error(), "UNIQUE constraint failed"))
}

// hasCode reports whether err is a server error with the code.
func hasCode(err error, code int) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCode(code)
}

// dupIndex finds the index a duplicate key error names: MongoDB says
// "index: guild_number dup key", FerretDB's SQLite backend
// "index 'cases_1a2b3c4d_guild_number'". It returns "" when the message
// names none (FerretDB's insert errors do not).
func dupIndex(spec store.Spec, err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " index: "); i >= 0 {
		name, _, _ := strings.Cut(msg[i+len(" index: "):], " ")
		if name == "_id_" {
			return "_id"
		}
		return name
	}
	if i := strings.Index(msg, "index '"); i >= 0 {
		name, _, _ := strings.Cut(msg[i+len("index '"):], "'")
		for _, ix := range spec.Indexes {
			if ix.Unique && strings.HasSuffix(name, "_"+ix.Name) {
				return ix.Name
			}
		}
	}
	return ""
}

// duplicateErr turns a duplicate key error for row into a
// *store.DuplicateKeyError naming the index. When the server does not
// name it, the unique indexes are probed for another document holding
// row's key (and, for an insert, for a document with row's id).
func (d *Driver) duplicateErr(ctx context.Context, coll string, row store.Row, insert bool, err error) error {
	spec := d.spec(coll)
	if name := dupIndex(spec, err); name != "" {
		return fmt.Errorf("%w (%w)", &store.DuplicateKeyError{Collection: coll, Index: name}, err)
	}
	c := d.db.Collection(coll)
	if insert {
		if n, perr := c.CountDocuments(ctx, bson.D{{Key: fieldID, Value: row.ID}}); perr == nil && n > 0 {
			return &store.DuplicateKeyError{Collection: coll, Index: "_id"}
		}
	}
	for _, ix := range spec.Indexes {
		if !ix.Unique {
			continue
		}
		filter := bson.D{{Key: fieldID, Value: bson.D{{Key: "$ne", Value: row.ID}}}}
		for _, f := range ix.Fields {
			p := store.FieldName(f)
			filter = append(filter, bson.E{Key: keyPath(p), Value: row.Keys[p]})
		}
		if n, perr := c.CountDocuments(ctx, filter); perr == nil && n > 0 {
			return &store.DuplicateKeyError{Collection: coll, Index: ix.Name}
		}
	}
	// The conflicting document is gone already; say what the server said.
	return fmt.Errorf("%w (%w)", &store.DuplicateKeyError{Collection: coll, Index: "unknown"}, err)
}
