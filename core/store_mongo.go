package core

import (
	"context"
	"errors"
	"log/slog"

	"github.com/warden-bot/warden/core/store"
)

// openMongo opens the MongoDB driver.
func openMongo(ctx context.Context, cfg *Config, log *slog.Logger, opts StoreOptions) (*store.DB, error) {
	return nil, errors.New("MONGODB_URI: the MongoDB driver is being ported to the store API")
}
