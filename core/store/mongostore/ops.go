package mongostore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core/store"
)

// insertBatch is the most documents sent in one insert command. FerretDB
// v1 keeps inserting after an ordered insert failed when a command holds
// more than 100 documents, which would break all-or-none below.
const insertBatch = 100

// encode builds the stored form of a row.
func (d *Driver) encode(coll string, r store.Row) (bson.D, error) {
	fields, err := jsonToBSON(r.Doc)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %w", coll, r.ID, err, store.ErrInvalid)
	}
	keys := bson.D{}
	spec := d.spec(coll)
	if len(spec.Fields) > 0 {
		for _, f := range spec.Fields {
			keys = append(keys, bson.E{Key: keyName(f.Path), Value: r.Keys[f.Path]})
		}
	} else {
		paths := make([]string, 0, len(r.Keys))
		for p := range r.Keys {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			keys = append(keys, bson.E{Key: keyName(p), Value: r.Keys[p]})
		}
	}
	out := make(bson.D, 0, 3+len(fields))
	out = append(out, bson.E{Key: fieldID, Value: r.ID}, bson.E{Key: fieldVersion, Value: r.Version}, bson.E{Key: fieldKeys, Value: keys})
	return append(out, fields...), nil
}

// decode reads a stored document back into a row, with its keys.
func (d *Driver) decode(coll string, raw bson.Raw) (store.Row, error) {
	var r store.Row
	id, ok := raw.Lookup(fieldID).StringValueOK()
	if !ok {
		return r, fmt.Errorf("%s: a stored document has no string _id: %w", coll, store.ErrInvalid)
	}
	r.ID = id
	v, ok := raw.Lookup(fieldVersion).AsInt64OK()
	if !ok {
		return r, fmt.Errorf("%s %s: the stored document has no version (_v): %w", coll, id, store.ErrInvalid)
	}
	r.Version = v
	doc, err := bsonToJSON(raw)
	if err != nil {
		return r, fmt.Errorf("%s %s: %w", coll, id, err)
	}
	r.Doc = doc
	if kd, ok := raw.Lookup(fieldKeys).DocumentOK(); ok {
		spec := d.spec(coll)
		r.Keys = make(store.Keys, len(spec.Fields))
		for _, f := range spec.Fields {
			r.Keys[f.Path] = keyFromBSON(kd.Lookup(keyName(f.Path)))
		}
	}
	return r, nil
}

func idFilter(id string) bson.D { return bson.D{{Key: fieldID, Value: id}} }

// Get implements store.Driver.
func (d *Driver) Get(ctx context.Context, coll, id string) (store.Row, error) {
	raw, err := d.db.Collection(coll).FindOne(ctx, idFilter(id)).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Row{ID: id}, store.ErrNotFound
	}
	if err != nil {
		return store.Row{ID: id}, mapErr(err)
	}
	return d.decode(coll, raw)
}

// Insert implements store.Driver. Several rows are inserted in a
// transaction when the server has them; otherwise in order, removing the
// ones inserted before a refused one, so that a refused batch leaves
// nothing behind (other readers may glimpse the rows meanwhile).
func (d *Driver) Insert(ctx context.Context, coll string, rows ...store.Row) error {
	if len(rows) == 0 {
		return nil
	}
	docs := make([]any, len(rows))
	for i, r := range rows {
		doc, err := d.encode(coll, r)
		if err != nil {
			return err
		}
		docs[i] = doc
	}
	c := d.db.Collection(coll)
	if len(rows) == 1 {
		_, err := c.InsertOne(ctx, docs[0])
		if isDuplicate(err) {
			return d.duplicateErr(ctx, coll, rows[0], true, err)
		}
		return mapErr(err)
	}
	if !d.inTx(ctx) && d.noTx == "" {
		return d.Tx(ctx, func(ctx context.Context) error { return d.Insert(ctx, coll, rows...) })
	}
	for start := 0; start < len(docs); start += insertBatch {
		end := min(start+insertBatch, len(docs))
		_, err := c.InsertMany(ctx, docs[start:end])
		if err == nil {
			continue
		}
		failed := start + firstWriteError(err, end-start)
		if !d.inTx(ctx) {
			d.undoInsert(ctx, coll, rows[:failed])
		}
		if isDuplicate(err) && failed < len(rows) {
			return d.duplicateErr(ctx, coll, rows[failed], true, err)
		}
		return mapErr(err)
	}
	return nil
}

// firstWriteError is the index (in its command of n documents) of the
// first document an ordered insert refused, or 0 when the error names
// none.
func firstWriteError(err error, n int) int {
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && len(bwe.WriteErrors) > 0 {
		first := n
		for _, we := range bwe.WriteErrors {
			first = min(first, we.Index)
		}
		return first
	}
	return 0
}

// undoInsert removes rows an ordered insert wrote before it was refused.
func (d *Driver) undoInsert(ctx context.Context, coll string, rows []store.Row) {
	if len(rows) == 0 {
		return
	}
	ids := make(bson.A, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	ctx = context.WithoutCancel(ctx)
	if _, err := d.db.Collection(coll).DeleteMany(ctx, bson.D{{Key: fieldID, Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		d.log.Error("mongo store: a refused batch insert left documents behind", "collection", coll, "count", len(rows), "err", err)
	}
}

// Replace implements store.Driver.
func (d *Driver) Replace(ctx context.Context, coll string, row store.Row, expect int64) error {
	doc, err := d.encode(coll, row)
	if err != nil {
		return err
	}
	res, err := d.db.Collection(coll).ReplaceOne(ctx, bson.D{{Key: fieldID, Value: row.ID}, {Key: fieldVersion, Value: expect}}, doc)
	if isDuplicate(err) {
		return d.duplicateErr(ctx, coll, row, false, err)
	}
	if err != nil {
		return mapErr(err)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	return d.missingOrStale(ctx, coll, row.ID)
}

// missingOrStale explains a version-checked write that matched nothing.
func (d *Driver) missingOrStale(ctx context.Context, coll, id string) error {
	n, err := d.db.Collection(coll).CountDocuments(ctx, idFilter(id))
	switch {
	case err != nil:
		return mapErr(err)
	case n == 0:
		return store.ErrNotFound
	}
	return store.ErrConflict
}

// Delete implements store.Driver.
func (d *Driver) Delete(ctx context.Context, coll, id string, expect int64) (store.Row, error) {
	filter := idFilter(id)
	if expect != 0 {
		filter = append(filter, bson.E{Key: fieldVersion, Value: expect})
	}
	raw, err := d.db.Collection(coll).FindOneAndDelete(ctx, filter).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		if expect == 0 {
			return store.Row{ID: id}, store.ErrNotFound
		}
		return store.Row{ID: id}, d.missingOrStale(ctx, coll, id)
	}
	if err != nil {
		return store.Row{ID: id}, mapErr(err)
	}
	return d.decode(coll, raw)
}

// Scan implements store.Driver.
func (d *Driver) Scan(ctx context.Context, coll, afterID string, limit int) ([]store.Row, error) {
	opts := options.Find().SetSort(bson.D{{Key: fieldID, Value: 1}})
	if limit > 0 {
		opts.SetLimit(int64(limit))
	}
	cur, err := d.db.Collection(coll).Find(ctx, bson.D{{Key: fieldID, Value: bson.D{{Key: "$gt", Value: afterID}}}}, opts)
	if err != nil {
		return nil, mapErr(err)
	}
	return d.rows(ctx, coll, cur)
}

func (d *Driver) rows(ctx context.Context, coll string, cur *mongo.Cursor) ([]store.Row, error) {
	defer cur.Close(context.WithoutCancel(ctx))
	out := []store.Row{}
	for cur.Next(ctx) {
		r, err := d.decode(coll, cur.Current)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapErr(cur.Err())
}

// maxNumberTries bounds InsertNumbered's retries under contention.
const maxNumberTries = 1000

// InsertNumbered implements store.Driver: it reads the highest number in
// scope and inserts the next, again when the unique index refuses it
// because another writer took that number first. A refused insert writes
// nothing, so numbers have no gaps.
func (d *Driver) InsertNumbered(ctx context.Context, coll string, scope []store.Cond, field string, build func(n int64) (store.Row, error)) (int64, error) {
	index := d.numberingIndex(coll, scope, field)
	filter := bson.D{}
	for _, c := range scope {
		filter = append(filter, bson.E{Key: keyPath(c.Field), Value: c.Value})
	}
	opts := options.FindOne().
		SetSort(bson.D{{Key: keyPath(field), Value: -1}}).
		SetProjection(bson.D{{Key: keyPath(field), Value: 1}})
	c := d.db.Collection(coll)
	for range maxNumberTries {
		var last int64
		raw, err := c.FindOne(ctx, filter, opts).Raw()
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
		case err != nil:
			return 0, mapErr(err)
		default:
			last, _ = raw.Lookup(fieldKeys, keyName(field)).AsInt64OK()
		}
		n := last + 1
		row, err := build(n)
		if err != nil {
			return 0, err
		}
		err = d.Insert(ctx, coll, row)
		if err == nil {
			return n, nil
		}
		if index == "" || !store.IsDuplicate(err, index) {
			return 0, err
		}
		runtime.Gosched()
	}
	return 0, fmt.Errorf("number %s: still contended after %d attempts: %w", field, maxNumberTries, store.ErrConflict)
}

// numberingIndex names the unique index made of scope's fields and field.
func (d *Driver) numberingIndex(coll string, scope []store.Cond, field string) string {
	spec := d.spec(coll)
	for _, ix := range spec.Indexes {
		if !ix.Unique || len(ix.Fields) != len(scope)+1 || store.FieldName(ix.Fields[len(ix.Fields)-1]) != field {
			continue
		}
		return ix.Name
	}
	return ""
}
