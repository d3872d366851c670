package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// BackupFormat is the version of the backup layout Backup writes and
// Restore reads.
const BackupFormat = 1

// ManifestFile is the name of a backup's manifest inside its directory.
// Backup writes it last, so a directory without one is not a finished
// backup.
const ManifestFile = "manifest.json"

// Manifest describes a backup: a directory holding manifest.json and one
// JSON Lines file per collection.
type Manifest struct {
	Format int `json:"format"`
	// Driver is the driver the backup was taken from ("sqlite", "mongo").
	Driver string `json:"driver"`
	// CreatedAt is when the backup started.
	CreatedAt   time.Time          `json:"createdAt"`
	Collections []BackupCollection `json:"collections"`
}

// BackupCollection is one collection in a backup.
type BackupCollection struct {
	// Spec is the collection's declaration, so a restore needs no plugin
	// code to rebuild its indexes and keys.
	Spec Spec `json:"spec"`
	// File is the collection's JSON Lines file, relative to the backup.
	File string `json:"file"`
	// Count is the number of documents (lines) in File.
	Count int64 `json:"count"`
}

// BackupRow is one line of a collection's file.
type BackupRow struct {
	ID      string          `json:"id"`
	Version int64           `json:"version"`
	Doc     json.RawMessage `json:"doc"`
}

// backupPage is how many rows Backup reads and Restore writes at a time.
const backupPage = 500

// Backup writes every collection drv knows (Driver.Collections) into dir,
// which must be missing or empty: one JSON Lines file per collection, each
// line a BackupRow, in id order, then manifest.json. Documents are copied
// as stored, byte for byte.
//
// Backup reads each collection page by page while the store keeps
// running, so it is not a point-in-time snapshot across collections (nor
// within one under concurrent writes): stop the writers (the bot) first
// for an exact copy.
func Backup(ctx context.Context, drv Driver, dir string) (Manifest, error) {
	m := Manifest{Format: BackupFormat, Driver: drv.Name(), CreatedAt: time.Now().UTC(), Collections: []BackupCollection{}}
	if err := emptyDir(dir); err != nil {
		return m, err
	}
	specs, err := drv.Collections(ctx)
	if err != nil {
		return m, fmt.Errorf("backup: list collections: %w", err)
	}
	for _, spec := range specs {
		bc := BackupCollection{Spec: spec, File: spec.Name + ".jsonl"}
		n, err := backupCollection(ctx, drv, spec.Name, filepath.Join(dir, bc.File))
		if err != nil {
			return m, fmt.Errorf("backup %s: %w", spec.Name, err)
		}
		bc.Count = n
		m.Collections = append(m.Collections, bc)
	}
	if err := writeManifest(dir, m); err != nil {
		return m, err
	}
	return m, nil
}

// emptyDir creates dir, or checks that it holds nothing, so a backup never
// mixes with another.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup directory %q cannot be created: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("backup directory %q: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("backup directory %q is not empty: give a new or empty directory", dir)
	}
	return nil
}

func backupCollection(ctx context.Context, drv Driver, coll, path string) (n int64, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep each document's bytes as stored
	after := ""
	for {
		rows, err := drv.Scan(ctx, coll, after, backupPage)
		if err != nil {
			return n, fmt.Errorf("read after %q: %w", after, err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			if err := enc.Encode(BackupRow{ID: r.ID, Version: r.Version, Doc: r.Doc}); err != nil {
				return n, fmt.Errorf("write %s: %w", r.ID, err)
			}
			n++
		}
		after = rows[len(rows)-1].ID
	}
	if err := w.Flush(); err != nil {
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return n, fmt.Errorf("sync %s: %w", path, err)
	}
	return n, nil
}

// writeManifest writes manifest.json atomically (a temporary file renamed
// into place), after every collection file.
func writeManifest(dir string, m Manifest) error {
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: encode manifest: %w", err)
	}
	tmp := filepath.Join(dir, ManifestFile+".tmp")
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o600); err != nil {
		return fmt.Errorf("backup: write manifest: %w", err)
	}
	if f, err := os.Open(tmp); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
	if err := os.Rename(tmp, filepath.Join(dir, ManifestFile)); err != nil {
		return fmt.Errorf("backup: write manifest: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// ReadManifest reads and checks a backup's manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	path := filepath.Join(dir, ManifestFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return m, fmt.Errorf("%s is missing: %q is not a backup, or the backup did not finish", path, dir)
	}
	if err != nil {
		return m, fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("%s is corrupt: %w", path, err)
	}
	if m.Format != BackupFormat {
		return m, fmt.Errorf("%s: backup format %d, this Warden reads format %d", path, m.Format, BackupFormat)
	}
	seen := map[string]bool{}
	for _, c := range m.Collections {
		if err := c.Spec.Validate(); err != nil {
			return m, fmt.Errorf("%s: collection %q: %w", path, c.Spec.Name, err)
		}
		if seen[c.Spec.Name] {
			return m, fmt.Errorf("%s: collection %s listed twice", path, c.Spec.Name)
		}
		seen[c.Spec.Name] = true
		if c.File != filepath.Base(c.File) || filepath.Ext(c.File) != ".jsonl" {
			return m, fmt.Errorf("%s: collection %s: file %q must be a .jsonl file beside the manifest", path, c.Spec.Name, c.File)
		}
		if c.Count < 0 {
			return m, fmt.Errorf("%s: collection %s: negative count", path, c.Spec.Name)
		}
	}
	return m, nil
}

// closeQuietly closes a file opened for reading.
func closeQuietly(c io.Closer) { _ = c.Close() }
