package mongostore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core/store"
)

// catalogue is the collection that keeps every collection's Spec, as
// {_id: name, spec: "<the Spec's JSON>"}. Store collection names cannot
// begin with '_', so it cannot clash with one.
const catalogue = "_collections"

// Ensure implements store.Driver.
func (d *Driver) Ensure(ctx context.Context, spec store.Spec) error {
	if err := d.db.CreateCollection(ctx, spec.Name); err != nil && !hasCode(err, codeNamespaceExists) {
		return fmt.Errorf("create collection: %w", mapErr(err))
	}
	old, err := d.catalogued(ctx, spec.Name)
	if err != nil {
		return err
	}
	var added []store.Field
	for _, f := range spec.Fields {
		if _, ok := old.Field(f.Path); !ok {
			added = append(added, f)
		}
	}
	if len(added) > 0 {
		if err := d.backfill(ctx, spec, added); err != nil {
			return err
		}
	}
	for _, ix := range spec.Indexes {
		if err := d.ensureIndex(ctx, spec.Name, ix); err != nil {
			return err
		}
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("record collection: %w", err)
	}
	_, err = d.db.Collection(catalogue).UpdateOne(ctx, bson.D{{Key: fieldID, Value: spec.Name}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "spec", Value: string(raw)}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("record collection: %w", mapErr(err))
	}
	d.mu.Lock()
	d.specs[spec.Name] = spec
	d.mu.Unlock()
	return nil
}

// catalogued returns the spec recorded for coll (empty if none).
func (d *Driver) catalogued(ctx context.Context, coll string) (store.Spec, error) {
	var entry struct {
		Spec string `bson:"spec"`
	}
	err := d.db.Collection(catalogue).FindOne(ctx, bson.D{{Key: fieldID, Value: coll}}).Decode(&entry)
	if err == mongo.ErrNoDocuments {
		return store.Spec{Name: coll}, nil
	}
	if err != nil {
		return store.Spec{}, fmt.Errorf("read the catalogue: %w", mapErr(err))
	}
	var s store.Spec
	if err := json.Unmarshal([]byte(entry.Spec), &s); err != nil {
		return store.Spec{}, fmt.Errorf("catalogue entry of %s: %w", coll, err)
	}
	return s, nil
}

// backfill computes the keys of fields added to a collection for the
// documents that lack them.
func (d *Driver) backfill(ctx context.Context, spec store.Spec, added []store.Field) error {
	missing := bson.A{}
	for _, f := range added {
		missing = append(missing, bson.D{{Key: keyPath(f.Path), Value: bson.D{{Key: "$exists", Value: false}}}})
	}
	c := d.db.Collection(spec.Name)
	cur, err := c.Find(ctx, bson.D{{Key: "$or", Value: missing}})
	if err != nil {
		return fmt.Errorf("backfill keys: %w", mapErr(err))
	}
	defer cur.Close(ctx)
	only := store.Spec{Name: spec.Name, Fields: added}
	for cur.Next(ctx) {
		id, _ := cur.Current.Lookup(fieldID).StringValueOK()
		doc, err := bsonToJSON(cur.Current)
		if err != nil {
			return fmt.Errorf("backfill keys of %s: %w", id, err)
		}
		keys, err := store.ExtractKeys(&only, doc)
		if err != nil {
			return fmt.Errorf("backfill keys of %s: %w", id, err)
		}
		set := bson.D{}
		for _, f := range added {
			set = append(set, bson.E{Key: keyPath(f.Path), Value: keys[f.Path]})
		}
		if _, err := c.UpdateOne(ctx, bson.D{{Key: fieldID, Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
			return fmt.Errorf("backfill keys of %s: %w", id, mapErr(err))
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("backfill keys: %w", mapErr(err))
	}
	return nil
}

// indexKeys is the MongoDB key of a declared index. A non-unique index
// ends with _id in the direction of its last field, so that a page
// ordered by (field, id) either way is read straight off it.
func indexKeys(ix store.Index) bson.D {
	keys := bson.D{}
	dir := 1
	for _, f := range ix.Fields {
		dir = 1
		if f != store.FieldName(f) {
			dir = -1
		}
		keys = append(keys, bson.E{Key: keyPath(store.FieldName(f)), Value: dir})
	}
	if !ix.Unique {
		keys = append(keys, bson.E{Key: fieldID, Value: dir})
	}
	return keys
}

// ensureIndex creates the index, or recreates it when the server holds a
// different definition under its name.
func (d *Driver) ensureIndex(ctx context.Context, coll string, ix store.Index) error {
	model := mongo.IndexModel{Keys: indexKeys(ix), Options: options.Index().SetName(ix.Name).SetUnique(ix.Unique)}
	iv := d.db.Collection(coll).Indexes()
	_, err := iv.CreateOne(ctx, model)
	if hasCode(err, codeIndexOptionsConflict) || hasCode(err, codeIndexKeySpecsConflict) {
		if derr := iv.DropOne(ctx, ix.Name); derr != nil {
			return fmt.Errorf("drop changed index %s: %w", ix.Name, mapErr(derr))
		}
		_, err = iv.CreateOne(ctx, model)
	}
	switch {
	case err == nil:
		return nil
	case isDuplicate(err):
		return fmt.Errorf("create unique index %s: stored documents already repeat its key: %w (%w)", ix.Name, store.ErrDuplicate, err)
	}
	return fmt.Errorf("create index %s: %w", ix.Name, mapErr(err))
}

// Collections implements store.Driver.
func (d *Driver) Collections(ctx context.Context) ([]store.Spec, error) {
	cur, err := d.db.Collection(catalogue).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: fieldID, Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read the catalogue: %w", mapErr(err))
	}
	var entries []struct {
		Name string `bson:"_id"`
		Spec string `bson:"spec"`
	}
	if err := cur.All(ctx, &entries); err != nil {
		return nil, fmt.Errorf("read the catalogue: %w", mapErr(err))
	}
	out := make([]store.Spec, 0, len(entries))
	for _, e := range entries {
		var s store.Spec
		if err := json.Unmarshal([]byte(e.Spec), &s); err != nil {
			return nil, fmt.Errorf("catalogue entry of %s: %w", e.Name, err)
		}
		out = append(out, s)
	}
	// Sorted here too: FerretDB and MongoDB may collate _id differently.
	slices.SortFunc(out, func(a, b store.Spec) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
