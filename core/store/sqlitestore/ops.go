package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core/store"
)

// sqlValue adapts a key value for SQLite (booleans as 0 and 1).
func sqlValue(v any) any {
	if b, ok := v.(bool); ok {
		if b {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// Get implements store.Driver.
func (d *Driver) Get(ctx context.Context, coll, id string) (store.Row, error) {
	r := store.Row{ID: id}
	var doc string
	err := d.reader(ctx).QueryRowContext(ctx, `SELECT v, doc FROM `+table(coll)+` WHERE id = ?`, id).Scan(&r.Version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return r, store.ErrNotFound
	}
	if err != nil {
		return r, mapErr(err)
	}
	r.Doc = []byte(doc)
	return r, nil
}

// keyColumns lists the collection's key fields in spec order.
func (d *Driver) keyColumns(coll string) []string {
	spec := d.spec(coll)
	out := make([]string, len(spec.Fields))
	for i, f := range spec.Fields {
		out[i] = f.Path
	}
	return out
}

// Insert implements store.Driver.
func (d *Driver) Insert(ctx context.Context, coll string, rows ...store.Row) error {
	if len(rows) == 0 {
		return nil
	}
	fields := d.keyColumns(coll)
	cols := []string{"id", "v", "doc"}
	for _, f := range fields {
		cols = append(cols, column(f))
	}
	stmt := `INSERT INTO ` + table(coll) + ` (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	if len(rows) == 1 {
		if _, err := d.writer(ctx).ExecContext(ctx, stmt, rowArgs(rows[0], fields)...); err != nil {
			return d.uniqueErr(coll, err)
		}
		return nil
	}
	return d.Tx(ctx, func(ctx context.Context) error {
		prepared, err := d.tx(ctx).PrepareContext(ctx, stmt) // parsed once for the batch
		if err != nil {
			return mapErr(err)
		}
		defer prepared.Close()
		for _, r := range rows {
			if _, err := prepared.ExecContext(ctx, rowArgs(r, fields)...); err != nil {
				return d.uniqueErr(coll, err)
			}
		}
		return nil
	})
}

func rowArgs(r store.Row, fields []string) []any {
	args := make([]any, 0, 3+len(fields))
	args = append(args, r.ID, r.Version, string(r.Doc))
	for _, f := range fields {
		args = append(args, sqlValue(r.Keys[f]))
	}
	return args
}

// Replace implements store.Driver.
func (d *Driver) Replace(ctx context.Context, coll string, row store.Row, expect int64) error {
	fields := d.keyColumns(coll)
	sets := []string{"v = ?", "doc = ?"}
	args := []any{row.Version, string(row.Doc)}
	for _, f := range fields {
		sets = append(sets, column(f)+" = ?")
		args = append(args, sqlValue(row.Keys[f]))
	}
	args = append(args, row.ID, expect)
	res, err := d.writer(ctx).ExecContext(ctx, `UPDATE `+table(coll)+` SET `+strings.Join(sets, ", ")+` WHERE id = ? AND v = ?`, args...)
	if err != nil {
		return d.uniqueErr(coll, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	return d.missingOrStale(ctx, coll, row.ID)
}

// missingOrStale explains a version-checked write that matched nothing.
func (d *Driver) missingOrStale(ctx context.Context, coll, id string) error {
	var one int
	err := d.writer(ctx).QueryRowContext(ctx, `SELECT 1 FROM `+table(coll)+` WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return mapErr(err)
	}
	return store.ErrConflict
}

// Delete implements store.Driver.
func (d *Driver) Delete(ctx context.Context, coll, id string, expect int64) (store.Row, error) {
	q := `DELETE FROM ` + table(coll) + ` WHERE id = ?`
	args := []any{id}
	if expect != 0 {
		q += ` AND v = ?`
		args = append(args, expect)
	}
	r := store.Row{ID: id}
	var doc string
	err := d.writer(ctx).QueryRowContext(ctx, q+` RETURNING v, doc`, args...).Scan(&r.Version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		if expect == 0 {
			return r, store.ErrNotFound
		}
		return r, d.missingOrStale(ctx, coll, id)
	}
	if err != nil {
		return r, mapErr(err)
	}
	r.Doc = []byte(doc)
	return r, nil
}

// Scan implements store.Driver.
func (d *Driver) Scan(ctx context.Context, coll, afterID string, limit int) ([]store.Row, error) {
	rows, err := d.reader(ctx).QueryContext(ctx, `SELECT id, v, doc FROM `+table(coll)+` WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []store.Row
	for rows.Next() {
		var r store.Row
		var doc string
		if err := rows.Scan(&r.ID, &r.Version, &doc); err != nil {
			return nil, mapErr(err)
		}
		r.Doc = []byte(doc)
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// InsertNumbered implements store.Driver. Inside one IMMEDIATE
// transaction nothing else writes, so max+1 is free.
func (d *Driver) InsertNumbered(ctx context.Context, coll string, scope []store.Cond, field string, build func(n int64) (store.Row, error)) (int64, error) {
	var n int64
	err := d.Tx(ctx, func(ctx context.Context) error {
		where, args := whereEq(scope)
		var last sql.NullInt64
		if err := d.writer(ctx).QueryRowContext(ctx, `SELECT max(`+column(field)+`) FROM `+table(coll)+where, args...).Scan(&last); err != nil {
			return mapErr(err)
		}
		n = last.Int64 + 1
		row, err := build(n)
		if err != nil {
			return err
		}
		return d.Insert(ctx, coll, row)
	})
	return n, err
}

func whereEq(conds []store.Cond) (string, []any) {
	if len(conds) == 0 {
		return "", nil
	}
	parts := make([]string, len(conds))
	args := make([]any, 0, len(conds))
	for i, c := range conds {
		if c.Value == nil {
			parts[i] = column(c.Field) + " IS NULL"
			continue
		}
		parts[i] = column(c.Field) + " = ?"
		args = append(args, sqlValue(c.Value))
	}
	return " WHERE " + strings.Join(parts, " AND "), args
}

// query builds the FROM ... WHERE ... part of a plan, and its ORDER BY.
func (d *Driver) query(coll string, p store.Plan, ordered bool) (from, order string, args []any) {
	from = ` FROM ` + table(coll)
	if p.Index != "" {
		from += ` INDEXED BY ` + indexID(coll, p.Index)
	}
	where, args := whereEq(p.Eq)
	conds := []string{}
	if where != "" {
		conds = append(conds, strings.TrimPrefix(where, " WHERE "))
	}
	if r := p.Range; r != nil {
		if r.Gt != nil {
			op := " > ?"
			if r.GtEq {
				op = " >= ?"
			}
			conds = append(conds, column(r.Field)+op)
			args = append(args, sqlValue(r.Gt))
		}
		if r.Lt != nil {
			op := " < ?"
			if r.LtEq {
				op = " <= ?"
			}
			conds = append(conds, column(r.Field)+op)
			args = append(args, sqlValue(r.Lt))
		}
	}
	if ordered && p.After != nil {
		c, a := afterCond(p)
		conds = append(conds, c)
		args = append(args, a...)
	}
	if len(conds) > 0 {
		from += " WHERE " + strings.Join(conds, " AND ")
	}
	dir := " ASC"
	if p.Desc {
		dir = " DESC"
	}
	switch {
	case p.Order == "":
		order = " ORDER BY id" + dir
	case p.TieBreak:
		order = " ORDER BY " + column(p.Order) + dir + ", id" + dir
	default:
		order = " ORDER BY " + column(p.Order) + dir
	}
	return from, order, args
}

// afterCond is the keyset condition "after (value, id)" in the plan's
// order. SQLite sorts NULL first ascending, so last descending.
func afterCond(p store.Plan) (string, []any) {
	cmp, idCmp := " > ?", "id > ?"
	if p.Desc {
		cmp, idCmp = " < ?", "id < ?"
	}
	a := p.After
	if !a.HasValue {
		return idCmp, []any{a.ID}
	}
	col := column(p.Order)
	if a.Value == nil {
		if p.Desc {
			return "(" + col + " IS NULL AND " + idCmp + ")", []any{a.ID}
		}
		return "(" + col + " IS NOT NULL OR " + idCmp + ")", []any{a.ID}
	}
	// Descending, the nulls come after every value: Find reads them with
	// a second query (nullsAfter), as an OR here would stop SQLite from
	// seeking the index.
	v := sqlValue(a.Value)
	if !p.TieBreak {
		return col + cmp, []any{v}
	}
	// A row value lets SQLite seek the index to the position instead of
	// walking the rows before it.
	return "(" + col + ", id)" + cmp[:2] + " (?, ?)", []any{v, a.ID}
}

// Find implements store.Driver.
func (d *Driver) Find(ctx context.Context, coll string, p store.Plan) ([]store.Row, error) {
	from, order, args := d.query(coll, p, true)
	out, err := d.find(ctx, p, from, order, args, p.Limit)
	if err != nil || !nullsAfter(p) || (p.Limit > 0 && len(out) >= p.Limit) {
		return out, err
	}
	// A descending page that continues after a value goes on, once the
	// values run out, to the rows whose order field is null.
	rest := p
	rest.After = nil
	rest.Eq = append(append([]store.Cond(nil), p.Eq...), store.Cond{Field: p.Order, Value: nil})
	from, _, args = d.query(coll, rest, false)
	more, err := d.find(ctx, p, from, " ORDER BY id DESC", args, max(p.Limit-len(out), 0))
	return append(out, more...), err
}

// nullsAfter reports whether a page may go on past its values to nulls:
// descending, after a non-null value, with no range (which nulls never
// match).
func nullsAfter(p store.Plan) bool {
	return p.Desc && p.Order != "" && p.Range == nil && p.After != nil && p.After.HasValue && p.After.Value != nil
}

func (d *Driver) find(ctx context.Context, p store.Plan, from, order string, args []any, limit int) ([]store.Row, error) {
	sel := `SELECT id, v, doc`
	if p.Order != "" {
		sel += ", " + column(p.Order)
	}
	q := sel + from + order
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := d.reader(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []store.Row{}
	for rows.Next() {
		var r store.Row
		var doc string
		dest := []any{&r.ID, &r.Version, &doc}
		var key any
		if p.Order != "" {
			dest = append(dest, &key)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, mapErr(err)
		}
		r.Doc = []byte(doc)
		if p.Order != "" {
			r.Keys = store.Keys{p.Order: key}
		}
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// Count implements store.Driver.
func (d *Driver) Count(ctx context.Context, coll string, p store.Plan) (int64, error) {
	from, _, args := d.query(coll, p, false)
	var n int64
	if err := d.reader(ctx).QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&n); err != nil {
		return 0, mapErr(err)
	}
	return n, nil
}

// DeleteMany implements store.Driver.
func (d *Driver) DeleteMany(ctx context.Context, coll string, p store.Plan) (int64, error) {
	from, order, args := d.query(coll, p, false)
	q := `DELETE FROM ` + table(coll) + ` WHERE id IN (SELECT id` + from
	if p.Limit > 0 {
		q += order + fmt.Sprintf(" LIMIT %d", p.Limit)
	}
	res, err := d.writer(ctx).ExecContext(ctx, q+")", args...)
	if err != nil {
		return 0, mapErr(err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
