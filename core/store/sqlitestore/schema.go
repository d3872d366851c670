package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core/store"
)

// Identifiers are quoted; store.Spec.Validate has made sure no name holds
// a quote.
func table(coll string) string       { return `"` + coll + `"` }
func column(field string) string     { return `"k:` + field + `"` }
func indexID(coll, ix string) string { return `"` + coll + "/" + ix + `"` }

func (d *Driver) spec(coll string) store.Spec {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.specs[coll]
}

// Ensure implements store.Driver.
func (d *Driver) Ensure(ctx context.Context, spec store.Spec) error {
	err := d.Tx(ctx, func(ctx context.Context) error {
		tx := d.tx(ctx)
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+table(spec.Name)+
			` (id TEXT PRIMARY KEY NOT NULL, v INTEGER NOT NULL, doc TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("create table: %w", mapErr(err))
		}
		have, err := columns(ctx, tx, spec.Name)
		if err != nil {
			return err
		}
		var added []store.Field
		for _, f := range spec.Fields {
			if have["k:"+f.Path] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table(spec.Name)+` ADD COLUMN `+column(f.Path)); err != nil {
				return fmt.Errorf("add key %s: %w", f.Path, mapErr(err))
			}
			added = append(added, f)
		}
		if len(added) > 0 {
			if err := backfill(ctx, tx, spec, added); err != nil {
				return err
			}
		}
		for _, ix := range spec.Indexes {
			if err := ensureIndex(ctx, tx, spec.Name, ix); err != nil {
				return err
			}
		}
		raw, _ := json.Marshal(spec)
		if _, err := tx.ExecContext(ctx, `INSERT INTO _collections(name, spec) VALUES(?, ?)
			ON CONFLICT(name) DO UPDATE SET spec = excluded.spec`, spec.Name, string(raw)); err != nil {
			return fmt.Errorf("record collection: %w", mapErr(err))
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.specs[spec.Name] = spec
	d.mu.Unlock()
	return nil
}

func columns(ctx context.Context, tx *sql.Tx, coll string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, coll)
	if err != nil {
		return nil, fmt.Errorf("read columns: %w", mapErr(err))
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, mapErr(err)
		}
		have[name] = true
	}
	return have, mapErr(rows.Err())
}

// backfill computes the keys of fields added to a collection that already
// has documents.
func backfill(ctx context.Context, tx *sql.Tx, spec store.Spec, added []store.Field) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, doc FROM `+table(spec.Name))
	if err != nil {
		return fmt.Errorf("backfill keys: %w", mapErr(err))
	}
	type upd struct {
		id   string
		keys store.Keys
	}
	var todo []upd
	only := store.Spec{Name: spec.Name, Fields: added}
	for rows.Next() {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			rows.Close()
			return mapErr(err)
		}
		keys, err := store.ExtractKeys(&only, []byte(doc))
		if err != nil {
			rows.Close()
			return fmt.Errorf("backfill keys of %s: %w", id, err)
		}
		todo = append(todo, upd{id, keys})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapErr(err)
	}
	sets := make([]string, len(added))
	for i, f := range added {
		sets[i] = column(f.Path) + " = ?"
	}
	stmt := `UPDATE ` + table(spec.Name) + ` SET ` + strings.Join(sets, ", ") + ` WHERE id = ?`
	for _, u := range todo {
		args := make([]any, 0, len(added)+1)
		for _, f := range added {
			args = append(args, sqlValue(u.keys[f.Path]))
		}
		if _, err := tx.ExecContext(ctx, stmt, append(args, u.id)...); err != nil {
			return fmt.Errorf("backfill keys of %s: %w", u.id, mapErr(err))
		}
	}
	return nil
}

// ensureIndex creates the index, or recreates it when its stored
// definition differs. A non-unique index ends with id, so that pages
// ordered by (field, id) are read straight off it.
func ensureIndex(ctx context.Context, tx *sql.Tx, coll string, ix store.Index) error {
	cols := make([]string, 0, len(ix.Fields)+1)
	for _, f := range ix.Fields {
		cols = append(cols, column(store.FieldName(f)))
	}
	kind := "INDEX"
	if ix.Unique {
		kind = "UNIQUE INDEX"
	} else {
		cols = append(cols, "id")
	}
	want := `CREATE ` + kind + ` ` + indexID(coll, ix.Name) + ` ON ` + table(coll) + ` (` + strings.Join(cols, ", ") + `)`
	var have string
	err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, coll+"/"+ix.Name).Scan(&have)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return fmt.Errorf("read index %s: %w", ix.Name, mapErr(err))
	case have == want:
		return nil
	default:
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+indexID(coll, ix.Name)); err != nil {
			return fmt.Errorf("drop changed index %s: %w", ix.Name, mapErr(err))
		}
	}
	if _, err := tx.ExecContext(ctx, want); err != nil {
		if code(err) == sqliteConstraintUniqe || code(err) == sqliteConstraint {
			return fmt.Errorf("create unique index %s: stored documents already repeat its key: %w", ix.Name, store.ErrDuplicate)
		}
		return fmt.Errorf("create index %s: %w", ix.Name, mapErr(err))
	}
	return nil
}

// Collections implements store.Driver.
func (d *Driver) Collections(ctx context.Context) ([]store.Spec, error) {
	rows, err := d.reader(ctx).QueryContext(ctx, `SELECT spec FROM _collections ORDER BY name`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []store.Spec
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, mapErr(err)
		}
		var s store.Spec
		if err := json.Unmarshal([]byte(raw), &s); err != nil {
			return nil, fmt.Errorf("collection catalogue: %w", err)
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}
