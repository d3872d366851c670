package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Store is Warden's MongoDB database, reached through the official driver
// whether it is a real server or the embedded one.
type Store struct {
	Client *mongo.Client
	DB     *mongo.Database

	embedded *embeddedStore
	log      *slog.Logger
}

// StoreOptions tune OpenStore.
type StoreOptions struct {
	// ConnectTimeout bounds the retries against MONGODB_URI at start.
	// Zero means 30s.
	ConnectTimeout time.Duration
}

// OpenStore connects to cfg.MongoDBURI, retrying with backoff until
// ConnectTimeout, or, with no URI, starts the embedded store under
// cfg.DataDir and connects to it.
func OpenStore(ctx context.Context, cfg *Config, log *slog.Logger, opts StoreOptions) (*Store, error) {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 30 * time.Second
	}
	s := &Store{log: log}
	uri := cfg.MongoDBURI
	if uri == "" {
		emb, err := startEmbeddedStore(cfg.DataDir, log)
		if err != nil {
			return nil, err
		}
		s.embedded = emb
		uri = emb.uri
	}
	client, err := mongo.Connect(options.Client().
		ApplyURI(uri).
		SetAppName("warden").
		SetServerSelectionTimeout(3 * time.Second).
		SetConnectTimeout(3 * time.Second))
	if err != nil {
		s.closeEmbedded()
		return nil, fmt.Errorf("MONGODB_URI: %w", err)
	}
	s.Client = client
	s.DB = client.Database(cfg.MongoDBDatabase)

	deadline := time.Now().Add(opts.ConnectTimeout)
	backoff := 250 * time.Millisecond
	for {
		pingCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err = client.Ping(pingCtx, readpref.Primary())
		cancel()
		if err == nil {
			return s, nil
		}
		if time.Now().Add(backoff).After(deadline) || ctx.Err() != nil {
			_ = s.Close(context.Background())
			return nil, fmt.Errorf("cannot reach the database after %s (check MONGODB_URI): %w", opts.ConnectTimeout, err)
		}
		log.Warn("database not reachable yet; retrying", "in", backoff, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.Client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("%w: %v", ErrStoreUnavailable, err)
	}
	return nil
}

// Close disconnects and stops the embedded store if one runs.
func (s *Store) Close(ctx context.Context) error {
	var err error
	if s.Client != nil {
		err = s.Client.Disconnect(ctx)
	}
	s.closeEmbedded()
	return err
}

func (s *Store) closeEmbedded() {
	if s.embedded != nil {
		s.embedded.stop()
		s.embedded = nil
	}
}

// StoreError marks errors that mean the database cannot be reached, so that
// the API answers 503 rather than 500. Other errors pass through.
func StoreError(err error) error {
	if err == nil || errors.Is(err, ErrStoreUnavailable) {
		return err
	}
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) ||
		strings.Contains(err.Error(), "server selection") ||
		errors.Is(err, mongo.ErrClientDisconnected) {
		return fmt.Errorf("%w: %w", ErrStoreUnavailable, err)
	}
	return err
}
