package core

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// embeddedStore is FerretDB v1 with its SQLite handler, run in-process on a
// loopback port. It has no TTL indexes and no change streams: expiry is done
// by the plugins' own schedulers.
type embeddedStore struct {
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
}

func startEmbeddedStore(dataDir string, log *slog.Logger) (*embeddedStore, error) {
	dir, err := filepath.Abs(filepath.Join(dataDir, "store"))
	if err != nil {
		return nil, fmt.Errorf("DATA_DIR %q: %w", dataDir, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("DATA_DIR %q cannot be created: %w", dataDir, err)
	}
	probe, err := os.CreateTemp(dir, ".writable-*")
	if err != nil {
		return nil, fmt.Errorf("DATA_DIR %q is not writable: %w", dataDir, err)
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())

	// FerretDB logs every connection at info and unsupported commands the
	// driver sends on disconnect (endSessions) at warn; keep only its errors.
	flog := slog.New(log.Handler().WithAttrs([]slog.Attr{slog.String("component", "store")}))
	fdb, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    slog.New(levelFloor{flog.Handler(), slog.LevelError}),
	})
	if err != nil {
		return nil, fmt.Errorf("start the embedded store in %q: %w", dir, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &embeddedStore{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = fdb.Run(ctx)
	}()
	e.uri = fdb.MongoDBURI()
	log.Info("embedded store started", "dir", dir)
	return e, nil
}

func (e *embeddedStore) stop() {
	e.cancel()
	<-e.done
}

// levelFloor drops records below a minimum level.
type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (l levelFloor) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}

func (l levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFloor{l.Handler.WithAttrs(a), l.min}
}

func (l levelFloor) WithGroup(n string) slog.Handler {
	return levelFloor{l.Handler.WithGroup(n), l.min}
}
