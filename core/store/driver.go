package store

import "context"

// Row is a document as a driver stores it.
type Row struct {
	ID      string
	Version int64
	// Doc is the document's JSON encoding.
	Doc []byte
	// Keys are the document's index keys (see ExtractKeys).
	Keys Keys
}

// Cond is an equality on an index field. Value is a normalised key value.
type Cond struct {
	Field string
	Value any
}

// Range bounds one index field. Nil bounds are open; values are normalised.
type Range struct {
	Field  string
	Gt, Lt any
	// GtEq and LtEq make the bounds inclusive.
	GtEq, LtEq bool
}

// After is a keyset position: rows strictly after (Value, ID) in the plan's
// order. HasValue is false when the plan orders by id alone.
type After struct {
	Value    any
	HasValue bool
	ID       string
}

// Plan is a query checked against the collection's indexes, as a driver
// runs it: equalities, at most one range, and the order. Order is empty for
// id order.
type Plan struct {
	// Index is the declared index the query runs on (empty: by id).
	Index string
	Eq    []Cond
	Range *Range
	// Order is the field rows are sorted on, then by id when TieBreak.
	Order string
	Desc  bool
	// TieBreak says rows equal on Order are ordered by id. It is false
	// when the index is unique and ends with Order (no two rows tie), so a
	// driver can read the order straight off that index.
	TieBreak bool
	After    *After
	// Limit is the most rows returned; zero means no limit.
	Limit int
}

// Driver is a storage backend. Every method takes the context Tx passed to
// its function when it runs inside a transaction, and must then use that
// transaction. Errors wrap the package's sentinels: ErrNotFound,
// ErrConflict (a bare version mismatch: the caller reads the current
// document), *DuplicateKeyError, ErrUnavailable, ErrTxUnsupported.
type Driver interface {
	// Name is "sqlite" or "mongo", for logs and backups.
	Name() string
	// Ensure creates the collection, its key fields and its indexes when
	// missing, and fills the keys of fields added since the documents
	// were written. It keeps indexes it was not told about.
	Ensure(ctx context.Context, spec Spec) error
	// Collections lists every collection Ensure was ever told about.
	Collections(ctx context.Context) ([]Spec, error)

	Get(ctx context.Context, coll, id string) (Row, error)
	// Insert writes new rows; all or none.
	Insert(ctx context.Context, coll string, rows ...Row) error
	// Replace writes row over the stored document if it is at version
	// expect (row.Version is the new version).
	Replace(ctx context.Context, coll string, row Row, expect int64) error
	// Delete removes the document, if at version expect when expect is
	// non-zero, and returns what it removed.
	Delete(ctx context.Context, coll, id string, expect int64) (Row, error)
	// Find returns the rows the plan selects, in its order.
	Find(ctx context.Context, coll string, p Plan) ([]Row, error)
	// Count counts the rows the plan selects (its order, position and
	// limit are ignored).
	Count(ctx context.Context, coll string, p Plan) (int64, error)
	// DeleteMany removes up to p.Limit rows the plan selects (all when
	// zero) and says how many.
	DeleteMany(ctx context.Context, coll string, p Plan) (int64, error)
	// InsertNumbered inserts the row build returns for the next number in
	// scope: one more than the highest field value among the rows matching
	// scope. field and scope together make a unique index, so numbers are
	// unique and, since a failed insert claims nothing, gap-free.
	InsertNumbered(ctx context.Context, coll string, scope []Cond, field string, build func(n int64) (Row, error)) (int64, error)
	// Scan returns up to limit rows with ids after afterID, in id order,
	// for backups.
	Scan(ctx context.Context, coll, afterID string, limit int) ([]Row, error)
	// Tx runs fn in a transaction: what fn writes is committed together
	// when it returns nil and discarded otherwise. Inside, fn must use the
	// context it is given. A Tx inside a Tx joins the outer one.
	Tx(ctx context.Context, fn func(ctx context.Context) error) error

	Ping(ctx context.Context) error
	Close() error
}
