package core

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/mongostore"
)

// openMongo opens the MongoDB driver at MONGODB_URI.
func openMongo(ctx context.Context, cfg *Config, log *slog.Logger, opts StoreOptions) (*store.DB, error) {
	drv, err := mongostore.Open(ctx, mongostore.Options{
		URI:            cfg.MongoDBURI,
		Database:       cfg.MongoDBDatabase,
		ConnectTimeout: opts.ConnectTimeout,
		Logger:         log.With("component", "store"),
	})
	if err != nil {
		return nil, fmt.Errorf("MONGODB_URI: %w", err)
	}
	ok, why := drv.Transactions()
	if !ok {
		log.Warn("the MongoDB server runs no transactions: multi-document writes (economy transfers) are refused; run a replica set", "reason", why)
	}
	log.Info("store opened", "driver", "mongo", "database", cfg.MongoDBDatabase, "transactions", ok)
	return store.New(drv), nil
}
