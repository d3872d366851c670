package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// runBackup is `warden backup --out DIR`: every collection of the store
// the configuration names (MONGODB_URI, or the embedded store in
// DATA_DIR) into DIR, as JSON Lines with a manifest.
func runBackup(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("warden backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write the backup into; it must be missing or empty (required)")
	configPath := fs.String("config", "", "YAML config file naming the store (MONGODB_URI or DATA_DIR)")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for MongoDB to answer")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: warden backup --out DIR [--config FILE] [--wait 30s]")
		return 2
	}
	return withStore("warden backup", *configPath, *wait, stderr, func(ctx context.Context, db *store.DB) error {
		m, err := store.Backup(ctx, db.Driver(), *out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backed up %d collections, %d documents, from the %s store into %s\n", len(m.Collections), total(m), m.Driver, *out)
		return nil
	})
}

// runRestore is `warden restore --from DIR [--replace]`.
func runRestore(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("warden restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "backup directory written by warden backup (required)")
	replace := fs.Bool("replace", false, "empty the collections the backup holds before restoring them (otherwise a collection that has documents is refused)")
	configPath := fs.String("config", "", "YAML config file naming the store (MONGODB_URI or DATA_DIR)")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for MongoDB to answer")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: warden restore --from DIR [--replace] [--config FILE] [--wait 30s]")
		return 2
	}
	return withStore("warden restore", *configPath, *wait, stderr, func(ctx context.Context, db *store.DB) error {
		m, err := store.Restore(ctx, db.Driver(), *from, store.RestoreOptions{Replace: *replace})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored %d collections, %d documents, taken from a %s store, into the %s store\n", len(m.Collections), total(m), m.Driver, db.Driver().Name())
		return nil
	})
}

// withStore opens the configured store for a command, runs fn, and closes
// it. Only the store's settings are read; the bot's own (tokens, ports)
// may be missing.
func withStore(name, configPath string, wait time.Duration, stderr io.Writer, fn func(context.Context, *store.DB) error) int {
	cfg, err := core.LoadConfig(configPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	cfg.ApplyDefaults()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := core.OpenStore(ctx, cfg, log, core.StoreOptions{ConnectTimeout: wait})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	err = fn(ctx, db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close the store: %w", cerr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}

func total(m store.Manifest) int64 {
	var n int64
	for _, c := range m.Collections {
		n += c.Count
	}
	return n
}
