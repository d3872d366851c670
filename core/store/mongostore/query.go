package mongostore

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warden-bot/warden/core/store"
)

// filter builds the selection of a plan: its equalities (a null one
// matches a null key), its range (which no null key is in), and, when
// ordered, the keyset position.
func (d *Driver) filter(coll string, p store.Plan, ordered bool) bson.D {
	var conds bson.A
	for _, c := range p.Eq {
		conds = append(conds, bson.D{{Key: keyPath(c.Field), Value: c.Value}})
	}
	if r := p.Range; r != nil {
		bound := bson.D{}
		if r.Gt != nil {
			op := "$gt"
			if r.GtEq {
				op = "$gte"
			}
			bound = append(bound, bson.E{Key: op, Value: r.Gt})
		}
		if r.Lt != nil {
			op := "$lt"
			if r.LtEq {
				op = "$lte"
			}
			bound = append(bound, bson.E{Key: op, Value: r.Lt})
		}
		conds = append(conds, bson.D{{Key: keyPath(r.Field), Value: bound}})
	}
	if ordered && p.After != nil {
		conds = append(conds, afterCond(p))
	}
	switch len(conds) {
	case 0:
		return bson.D{}
	case 1:
		return conds[0].(bson.D)
	}
	return bson.D{{Key: "$and", Value: conds}}
}

// afterCond is the keyset condition "after (value, id)" in the plan's
// order. MongoDB sorts null first, as SQLite does: ascending, the nulls
// come before every value; descending, after.
func afterCond(p store.Plan) bson.D {
	gt, lt := "$gt", "$lt"
	if p.Desc {
		gt, lt = lt, gt
	}
	a := p.After
	if !a.HasValue {
		return bson.D{{Key: fieldID, Value: bson.D{{Key: gt, Value: a.ID}}}}
	}
	k := keyPath(p.Order)
	isNull := bson.D{{Key: k, Value: nil}}
	if a.Value == nil {
		idAfter := bson.D{{Key: k, Value: nil}, {Key: fieldID, Value: bson.D{{Key: gt, Value: a.ID}}}}
		if p.Desc {
			return idAfter
		}
		return bson.D{{Key: "$or", Value: bson.A{bson.D{{Key: k, Value: bson.D{{Key: "$ne", Value: nil}}}}, idAfter}}}
	}
	or := bson.A{bson.D{{Key: k, Value: bson.D{{Key: gt, Value: a.Value}}}}}
	if p.TieBreak {
		or = append(or, bson.D{{Key: k, Value: a.Value}, {Key: fieldID, Value: bson.D{{Key: gt, Value: a.ID}}}})
	}
	if p.Desc {
		or = append(or, isNull)
	}
	if len(or) == 1 {
		return or[0].(bson.D)
	}
	return bson.D{{Key: "$or", Value: or}}
}

// sort is the plan's order, ending with the id unless the order field is
// unique.
func (d *Driver) sort(coll string, p store.Plan) bson.D {
	dir := 1
	if p.Desc {
		dir = -1
	}
	if p.Order == "" {
		return bson.D{{Key: fieldID, Value: dir}}
	}
	s := bson.D{{Key: keyPath(p.Order), Value: dir}}
	if p.TieBreak {
		s = append(s, bson.E{Key: fieldID, Value: dir})
	}
	return s
}

// hint names the plan's index, so that MongoDB runs the query on the
// index the store checked it against (FerretDB ignores hints).
func hint(p store.Plan) any {
	if p.Index == "" {
		return "_id_"
	}
	return p.Index
}

// Find implements store.Driver.
func (d *Driver) Find(ctx context.Context, coll string, p store.Plan) ([]store.Row, error) {
	opts := options.Find().SetSort(d.sort(coll, p)).SetHint(hint(p))
	if p.Limit > 0 {
		opts.SetLimit(int64(p.Limit))
	}
	cur, err := d.db.Collection(coll).Find(ctx, d.filter(coll, p, true), opts)
	if err != nil {
		return nil, mapErr(err)
	}
	return d.rows(ctx, coll, cur)
}

// Count implements store.Driver.
func (d *Driver) Count(ctx context.Context, coll string, p store.Plan) (int64, error) {
	n, err := d.db.Collection(coll).CountDocuments(ctx, d.filter(coll, p, false), options.Count().SetHint(hint(p)))
	if err != nil {
		return 0, mapErr(err)
	}
	return n, nil
}

// DeleteMany implements store.Driver. With a limit it first reads the ids
// of the rows to remove, in the plan's order, then removes those still
// selected.
func (d *Driver) DeleteMany(ctx context.Context, coll string, p store.Plan) (int64, error) {
	c := d.db.Collection(coll)
	filter := d.filter(coll, p, false)
	if p.Limit > 0 {
		cur, err := c.Find(ctx, filter, options.Find().
			SetSort(d.sort(coll, p)).SetHint(hint(p)).SetLimit(int64(p.Limit)).
			SetProjection(bson.D{{Key: fieldID, Value: 1}}))
		if err != nil {
			return 0, mapErr(err)
		}
		var ids []struct {
			ID string `bson:"_id"`
		}
		if err := cur.All(ctx, &ids); err != nil {
			return 0, mapErr(err)
		}
		if len(ids) == 0 {
			return 0, nil
		}
		in := make(bson.A, len(ids))
		for i, x := range ids {
			in[i] = x.ID
		}
		filter = bson.D{{Key: "$and", Value: bson.A{filter, bson.D{{Key: fieldID, Value: bson.D{{Key: "$in", Value: in}}}}}}}
	}
	res, err := c.DeleteMany(ctx, filter)
	if err != nil {
		return 0, fmt.Errorf("delete: %w", mapErr(err))
	}
	return res.DeletedCount, nil
}
