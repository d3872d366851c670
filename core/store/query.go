package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Query selects documents: equalities on index fields, at most one range,
// an order, a page size and a cursor. Build it with Where or OrderBy and
// its methods; a Query is a value and its methods return copies.
//
// A query runs on the declared index whose leading fields are its equality
// fields (in any order) followed by its range or order field. Equalities
// on other index fields narrow what that index selects. A query no index
// serves is refused with ErrNoIndex and the index to declare.
type Query struct {
	eq    []Cond
	rng   *Range
	order string
	desc  bool
	limit int
	after string
	err   error
}

// Where starts a query with an equality.
func Where(field string, value any) Query { return Query{}.Where(field, value) }

// OrderBy starts a query with no equality, in the order of field
// ("-field" for descending).
func OrderBy(field string) Query { return Query{}.OrderBy(field) }

// Where adds an equality.
func (q Query) Where(field string, value any) Query {
	v, err := KeyValue(value)
	if err != nil {
		q.err = fmt.Errorf("where %s: %w", field, err)
		return q
	}
	for _, c := range q.eq {
		if c.Field == field {
			q.err = invalidf("where %s: given twice", field)
			return q
		}
	}
	q.eq = append(slices.Clip(q.eq), Cond{Field: field, Value: v})
	return q
}

// Gt, Gte, Lt and Lte bound the query's one range field.
func (q Query) Gt(field string, v any) Query  { return q.bound(field, v, true, false) }
func (q Query) Gte(field string, v any) Query { return q.bound(field, v, true, true) }
func (q Query) Lt(field string, v any) Query  { return q.bound(field, v, false, false) }
func (q Query) Lte(field string, v any) Query { return q.bound(field, v, false, true) }

func (q Query) bound(field string, value any, lower, incl bool) Query {
	v, err := KeyValue(value)
	if err != nil {
		q.err = fmt.Errorf("range %s: %w", field, err)
		return q
	}
	if v == nil {
		q.err = invalidf("range %s: a bound cannot be null", field)
		return q
	}
	r := Range{Field: field}
	if q.rng != nil {
		if q.rng.Field != field {
			q.err = invalidf("range on %s and %s: a query has one range field", q.rng.Field, field)
			return q
		}
		r = *q.rng
	}
	if lower {
		r.Gt, r.GtEq = v, incl
	} else {
		r.Lt, r.LtEq = v, incl
	}
	q.rng = &r
	return q
}

// OrderBy sorts on field, "-field" for descending. Without it a query is
// ordered on its range field, or on the index field after its equalities.
func (q Query) OrderBy(field string) Query {
	q.order, q.desc = FieldName(field), strings.HasPrefix(field, "-")
	return q
}

// Limit caps the number of documents returned; zero means no cap.
func (q Query) Limit(n int) Query {
	if n < 0 {
		q.err = invalidf("limit %d is negative", n)
	}
	q.limit = n
	return q
}

// After continues from a cursor a previous page returned.
func (q Query) After(cursor string) Query {
	q.after = cursor
	return q
}

// plan checks the query against spec's indexes.
func (q Query) plan(spec *Spec) (Plan, error) {
	if q.err != nil {
		return Plan{}, fmt.Errorf("store: %s: %w", spec.Name, q.err)
	}
	order := q.order
	if q.rng != nil {
		if order != "" && order != q.rng.Field {
			return Plan{}, invalidf("%s: a query is ordered on its range field (%s), not %s", spec.Name, q.rng.Field, order)
		}
		order = q.rng.Field
	}
	for _, c := range q.eq {
		if _, ok := spec.Field(c.Field); !ok {
			return Plan{}, q.noIndex(spec, order)
		}
	}
	best, bestPrefix := -1, -1
	for i, ix := range spec.Indexes {
		fields := indexFields(ix)
		p := 0
		for p < len(fields) && q.hasEq(fields[p]) {
			p++
		}
		if order != "" && (p >= len(fields) || fields[p] != order) {
			continue
		}
		if p == 0 && order == "" {
			continue
		}
		if p > bestPrefix || (p == bestPrefix && len(fields) < len(indexFields(spec.Indexes[best]))) {
			best, bestPrefix = i, p
		}
	}
	if best < 0 {
		return Plan{}, q.noIndex(spec, order)
	}
	ix := spec.Indexes[best]
	fields := indexFields(ix)
	if order == "" && bestPrefix < len(fields) {
		order = fields[bestPrefix]
	}
	p := Plan{Index: ix.Name, Eq: q.eq, Range: q.rng, Order: order, Desc: q.desc, Limit: q.limit,
		TieBreak: order != "" && (!ix.Unique || fields[len(fields)-1] != order)}
	if q.after != "" {
		a, err := decodeCursor(q.after, order != "")
		if err != nil {
			return Plan{}, err
		}
		p.After = &a
	}
	return p, nil
}

func (q Query) hasEq(field string) bool {
	for _, c := range q.eq {
		if c.Field == field {
			return true
		}
	}
	return false
}

func (q Query) noIndex(spec *Spec, order string) error {
	var fields, desc []string
	for _, c := range q.eq {
		fields = append(fields, c.Field)
		desc = append(desc, c.Field+" =")
	}
	if order != "" {
		fields = append(fields, order)
		if q.rng != nil {
			desc = append(desc, order+" range")
		} else {
			desc = append(desc, "ordered by "+order)
		}
	}
	quoted := make([]string, len(fields))
	for i, f := range fields {
		quoted[i] = fmt.Sprintf("%q", f)
	}
	return fmt.Errorf("store: %s: no declared index serves (%s); declare store.Index{Name: %q, Fields: []string{%s}}: %w",
		spec.Name, strings.Join(desc, ", "), strings.ToLower(strings.Join(fields, "_")), strings.Join(quoted, ", "), ErrNoIndex)
}

// Cursors are opaque to callers: the last row's order value and id, as
// JSON, base64url-encoded.
func encodeCursor(p Plan, last Row) string {
	var parts []any
	if p.Order != "" {
		parts = append(parts, last.Keys[p.Order])
	}
	parts = append(parts, last.ID)
	raw, _ := json.Marshal(parts)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(c string, hasValue bool) (After, error) {
	bad := fmt.Errorf("store: cursor %q was not returned by this query: %w", truncateJSON([]byte(c)), ErrBadCursor)
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return After{}, bad
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var parts []any
	if err := dec.Decode(&parts); err != nil {
		return After{}, bad
	}
	want := 1
	if hasValue {
		want = 2
	}
	if len(parts) != want {
		return After{}, bad
	}
	id, ok := parts[len(parts)-1].(string)
	if !ok {
		return After{}, bad
	}
	a := After{ID: id, HasValue: hasValue}
	if hasValue {
		switch v := parts[0].(type) {
		case json.Number:
			if a.Value, err = numberKey(string(v)); err != nil {
				return After{}, bad
			}
		case string, bool, nil:
			a.Value = v
		default:
			return After{}, bad
		}
	}
	return a, nil
}

// PlanFor checks q against spec as a collection would and returns the plan
// a driver gets, for drivers' tests of their query plans.
func PlanFor(q Query, spec *Spec) (Plan, error) { return q.plan(spec) }
