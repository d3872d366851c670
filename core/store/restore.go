package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Replace lets Restore empty a target collection that already holds
	// documents before restoring into it. Without it, Restore refuses a
	// non-empty target collection and writes nothing at all. Collections
	// of the target that the backup does not hold are left alone either
	// way.
	Replace bool
}

// Restore loads the backup in dir into drv. It first reads every file
// through and checks it against the manifest, so a truncated or corrupt
// backup is refused (naming the file and line) before anything is
// written. Then, collection by collection, it declares the collection
// from the manifest's Spec (merged with the target's own declaration, if
// any), inserts the documents in batches with their ids and versions,
// computing their index keys afresh (ExtractKeys), and checks the count.
//
// Documents are inserted as they are in the files, byte for byte. Restore
// is not atomic across collections: if it fails midway, run it again with
// Replace.
func Restore(ctx context.Context, drv Driver, dir string, opts RestoreOptions) (Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return m, err
	}
	for _, c := range m.Collections {
		n, err := readBackupFile(filepath.Join(dir, c.File), nil)
		if err != nil {
			return m, err
		}
		if n != c.Count {
			return m, fmt.Errorf("%s holds %d documents, the manifest says %d: the backup is incomplete or was edited", filepath.Join(dir, c.File), n, c.Count)
		}
	}
	specs, err := plannedSpecs(ctx, drv, m)
	if err != nil {
		return m, err
	}
	nonEmpty, err := nonEmptyCollections(ctx, drv, m)
	if err != nil {
		return m, err
	}
	if len(nonEmpty) > 0 && !opts.Replace {
		return m, fmt.Errorf("restore: the target already holds documents in %s; restore into an empty store, or replace them (Replace)", strings.Join(nonEmpty, ", "))
	}
	for i, c := range m.Collections {
		if err := restoreCollection(ctx, drv, filepath.Join(dir, c.File), specs[i], c.Count); err != nil {
			return m, fmt.Errorf("restore %s: %w", c.Spec.Name, err)
		}
	}
	return m, nil
}

// plannedSpecs merges each backed-up Spec with the target's declaration
// of the same collection, so restoring keeps the target's extra indexes.
func plannedSpecs(ctx context.Context, drv Driver, m Manifest) ([]Spec, error) {
	have, err := drv.Collections(ctx)
	if err != nil {
		return nil, fmt.Errorf("restore: list the target's collections: %w", err)
	}
	out := make([]Spec, len(m.Collections))
	for i, c := range m.Collections {
		out[i] = c.Spec
		for _, h := range have {
			if h.Name != c.Spec.Name {
				continue
			}
			merged, err := mergeSpecs(h, c.Spec)
			if err != nil {
				return nil, fmt.Errorf("restore %s: the target declares it differently from the backup: %w", c.Spec.Name, err)
			}
			out[i] = merged
		}
	}
	return out, nil
}

func nonEmptyCollections(ctx context.Context, drv Driver, m Manifest) ([]string, error) {
	have, err := drv.Collections(ctx)
	if err != nil {
		return nil, fmt.Errorf("restore: list the target's collections: %w", err)
	}
	var out []string
	for _, c := range m.Collections {
		for _, h := range have {
			if h.Name != c.Spec.Name {
				continue
			}
			rows, err := drv.Scan(ctx, h.Name, "", 1)
			if err != nil {
				return nil, fmt.Errorf("restore: read the target's %s: %w", h.Name, err)
			}
			if len(rows) > 0 {
				out = append(out, h.Name)
			}
		}
	}
	return out, nil
}

func restoreCollection(ctx context.Context, drv Driver, path string, spec Spec, want int64) error {
	if err := drv.Ensure(ctx, spec); err != nil {
		return fmt.Errorf("declare: %w", err)
	}
	if _, err := drv.DeleteMany(ctx, spec.Name, Plan{}); err != nil {
		return fmt.Errorf("empty the target collection: %w", err)
	}
	batch := make([]Row, 0, backupPage)
	first := 0 // line of batch[0]
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := drv.Insert(ctx, spec.Name, batch...); err != nil {
			return fmt.Errorf("%s lines %d-%d: %w", path, first, first+len(batch)-1, err)
		}
		batch = batch[:0]
		return nil
	}
	_, err := readBackupFile(path, func(line int, r BackupRow) error {
		keys, err := ExtractKeys(&spec, r.Doc)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if len(batch) == 0 {
			first = line
		}
		batch = append(batch, Row{ID: r.ID, Version: r.Version, Doc: r.Doc, Keys: keys})
		if len(batch) == backupPage {
			return flush()
		}
		return ctx.Err()
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	n, err := drv.Count(ctx, spec.Name, Plan{})
	if err != nil {
		return fmt.Errorf("count restored documents: %w", err)
	}
	if n != want {
		return fmt.Errorf("the collection holds %d documents after the restore, the manifest says %d", n, want)
	}
	return nil
}

// readBackupFile reads a collection's JSON Lines file, checking every
// line, and calls fn (when not nil) with each row and its line number.
// It returns the number of rows.
func readBackupFile(path string, fn func(line int, r BackupRow) error) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("backup file: %w", err)
	}
	defer closeQuietly(f)
	br := bufio.NewReaderSize(f, 1<<16)
	var n int64
	for line := 1; ; line++ {
		raw, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(raw) == 0 {
				return n, nil
			}
			return n, fmt.Errorf("%s line %d is truncated (it does not end with a newline): the backup is incomplete", path, line)
		}
		if err != nil {
			return n, fmt.Errorf("read %s line %d: %w", path, line, err)
		}
		r, err := parseBackupLine(raw)
		if err != nil {
			return n, fmt.Errorf("%s line %d is corrupt: %w", path, line, err)
		}
		if fn != nil {
			if err := fn(line, r); err != nil {
				return n, err
			}
		}
		n++
	}
}

func parseBackupLine(raw []byte) (BackupRow, error) {
	var r BackupRow
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, err
	}
	if dec.More() {
		return r, errors.New("data after the row")
	}
	switch {
	case r.ID == "":
		return r, errors.New("no id")
	case r.Version < 1:
		return r, fmt.Errorf("%s: version %d, want 1 or more", r.ID, r.Version)
	case len(r.Doc) == 0 || r.Doc[0] != '{':
		return r, fmt.Errorf("%s: the document is not a JSON object", r.ID)
	}
	return r, nil
}
