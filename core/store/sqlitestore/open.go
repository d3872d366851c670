package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/warden-bot/warden/core/store"
)

// FileName is the database file inside the store directory.
const FileName = "warden.db"

// Options configure Open.
type Options struct {
	// Dir is the directory the database lives in; it is created if
	// missing. Required.
	Dir string
	// Synchronous is "normal" (the default: a committed write survives a
	// crash of the process, and of the machine for all but the last
	// moments before a power loss) or "full" (it survives a power loss
	// too, at the cost of an fsync per commit).
	Synchronous string
	// Readers is the number of reading connections. Zero means 4.
	Readers int
	// Logger receives the driver's few log lines. Nil means slog.Default().
	Logger *slog.Logger
	// Shared lets other processes on this host that also set it open the
	// same directory (SQLite's own file locks order their writes). False
	// means this process owns the directory alone.
	Shared bool
}

// Driver is the SQLite store driver.
type Driver struct {
	path   string
	w      *sql.DB // one connection: every write, in its own transaction
	r      *sql.DB // readers
	lock   *os.File
	shared bool
	log    *slog.Logger

	mu    sync.Mutex
	specs map[string]store.Spec
}

var _ store.Driver = (*Driver)(nil)

// Open opens (creating it if needed) the database in opts.Dir. It refuses
// a directory another process has open, one it cannot write, and a file
// that is not a Warden store, with an error naming the path.
func Open(ctx context.Context, opts Options) (*Driver, error) {
	if opts.Dir == "" {
		return nil, errors.New("sqlite store: no directory given")
	}
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	syncMode := strings.ToUpper(opts.Synchronous)
	switch syncMode {
	case "":
		syncMode = "NORMAL"
	case "NORMAL", "FULL":
	default:
		return nil, fmt.Errorf("sqlite store: synchronous %q: want normal or full", opts.Synchronous)
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("store directory %q: %w", opts.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store directory %q cannot be created: %w", dir, err)
	}
	lock, err := lockDir(dir, opts.Shared)
	if err != nil {
		return nil, err
	}
	d := &Driver{path: filepath.Join(dir, FileName), lock: lock, shared: opts.Shared, log: opts.Logger, specs: map[string]store.Spec{}}
	if err := d.open(ctx, syncMode, opts.Readers); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func (d *Driver) open(ctx context.Context, syncMode string, readers int) error {
	base := "file:" + (&url.URL{Path: d.path}).EscapedPath()
	// A page cache of 32 MiB a connection and reads through mmap keep the
	// B-tree pages of a busy store out of pread/pwrite system calls, which
	// otherwise take a third of the time of a batch of inserts.
	pragmas := "&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(" + syncMode + ")" +
		"&_pragma=cache_size(-32768)&_pragma=mmap_size(1073741824)&_pragma=wal_autocheckpoint(8192)"
	var err error
	if d.w, err = sql.Open("sqlite", base+"?_txlock=immediate"+pragmas); err != nil {
		return fmt.Errorf("open %s: %w", d.path, err)
	}
	d.w.SetMaxOpenConns(1)
	d.w.SetMaxIdleConns(1)
	d.w.SetConnMaxLifetime(0)
	d.w.SetConnMaxIdleTime(0)
	if err := d.check(ctx); err != nil {
		return err
	}
	if d.r, err = sql.Open("sqlite", base+"?_pragma=query_only(1)"+pragmas); err != nil {
		return fmt.Errorf("open %s: %w", d.path, err)
	}
	d.r.SetMaxOpenConns(readers)
	d.r.SetMaxIdleConns(readers)
	d.r.SetConnMaxIdleTime(0)
	d.r.SetConnMaxLifetime(0)
	return nil
}

// check creates the catalogue table, which also proves the file is a
// writable SQLite database.
func (d *Driver) check(ctx context.Context) error {
	_, err := d.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY NOT NULL, spec TEXT NOT NULL)`)
	if err == nil {
		return nil
	}
	switch code(err) {
	case sqliteNotADB, sqliteCorrupt:
		return fmt.Errorf("the store file %s is corrupt or not a Warden store (restore it from a backup with `warden restore`, or move it away to start empty): %w", d.path, err)
	case sqliteReadOnly, sqliteCantOpen, sqlitePerm:
		return fmt.Errorf("the store file %s cannot be written (check the permissions of DATA_DIR): %w", d.path, err)
	}
	return fmt.Errorf("open the store file %s: %w", d.path, mapErr(err))
}

// Name implements store.Driver.
func (d *Driver) Name() string { return "sqlite" }

// Path returns the database file's path.
func (d *Driver) Path() string { return d.path }

// Ping implements store.Driver.
func (d *Driver) Ping(ctx context.Context) error {
	var one int
	if err := d.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return mapErr(err)
	}
	return nil
}

// Close closes the database and releases the directory.
func (d *Driver) Close() error {
	var errs []error
	if d.r != nil {
		errs = append(errs, d.r.Close())
	}
	if d.w != nil {
		// A clean close checkpoints the WAL into the database file.
		errs = append(errs, d.w.Close())
	}
	if d.lock != nil {
		errs = append(errs, unlockDir(d.lock, d.shared))
		d.lock = nil
	}
	return errors.Join(errs...)
}
