package core

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
)

// StoreOptions tune OpenStore.
type StoreOptions struct {
	// ConnectTimeout bounds the retries against MONGODB_URI at start.
	// Zero means 30s.
	ConnectTimeout time.Duration
}

// OpenStore opens the store the configuration names: MongoDB at
// cfg.MongoDBURI, or, with no URI, the embedded SQLite store in
// cfg.DataDir. Errors name the setting to look at.
func OpenStore(ctx context.Context, cfg *Config, log *slog.Logger, opts StoreOptions) (*store.DB, error) {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 30 * time.Second
	}
	if cfg.MongoDBURI != "" {
		return openMongo(ctx, cfg, log, opts)
	}
	drv, err := sqlitestore.Open(ctx, sqlitestore.Options{
		Dir:         cfg.DataDir,
		Synchronous: cfg.StoreSync,
		Shared:      cfg.StoreShared,
		Logger:      log.With("component", "store"),
	})
	if err != nil {
		return nil, fmt.Errorf("DATA_DIR: %w", err)
	}
	abs, _ := filepath.Abs(cfg.DataDir)
	log.Info("embedded store opened", "driver", "sqlite", "file", drv.Path(), "data_dir", abs, "synchronous", cfg.StoreSyncOrDefault(), "shared", cfg.StoreShared)
	return store.New(drv), nil
}

// Declare declares one of the plugin's collections, stored as
// "<plugin>_<name>", with its indexes (see store.Declare). Call it from
// Provision.
func Declare[T any](pc *Context, name string, indexes ...store.Index) (*store.Collection[T], error) {
	ctx, cancel := context.WithTimeout(pc.ctx, time.Minute)
	defer cancel()
	c, err := store.Declare[T](ctx, pc.core.store, pc.ID+"_"+name, indexes...)
	if err != nil {
		return nil, fmt.Errorf("plugin %s: %w", pc.ID, err)
	}
	return c, nil
}

// declareCore declares one of the core's own collections.
func declareCore[T any](ctx context.Context, db *store.DB, name string, indexes ...store.Index) (*store.Collection[T], error) {
	c, err := store.Declare[T](ctx, db, name, indexes...)
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	return c, nil
}
