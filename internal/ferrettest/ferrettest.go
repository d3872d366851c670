// Package ferrettest starts FerretDB v1 (its SQLite handler) in-process, a
// MongoDB-wire server the MongoDB driver's tests run against. It is for
// tests only: nothing outside _test files and its own test command
// (ferretd, which runs it as a separate process for multi-process tests)
// may import it, so FerretDB stays out of the warden binary.
package ferrettest

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Server is a running FerretDB.
type Server struct {
	// URI is the mongodb:// URI it listens on (127.0.0.1, a free port).
	URI string

	cancel context.CancelFunc
	done   chan error
}

// Start starts FerretDB with its data in dir (one SQLite file per
// database) on a free loopback port. Stop it with Stop.
func Start(dir string, log *slog.Logger) (*Server, error) {
	return StartAt(dir, "127.0.0.1:0", log)
}

// StartAt starts FerretDB on addr, so that a test can stop a server and
// start it again where its clients expect it.
func StartAt(dir, addr string, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fdb, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    log,
	})
	if err != nil {
		return nil, fmt.Errorf("start FerretDB in %s: %w", dir, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- fdb.Run(ctx) }()
	s.URI = fdb.MongoDBURI() // waits until it listens
	return s, nil
}

// Stop stops the server and waits for it to finish.
func (s *Server) Stop() {
	s.cancel()
	<-s.done
}

// StartT starts a server for one test and stops it in the test's cleanup.
func StartT(t testing.TB) *Server {
	t.Helper()
	s, err := Start(t.TempDir(), nil)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(s.Stop)
	return s
}
