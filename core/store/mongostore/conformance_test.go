package mongostore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/mongostore"
	"github.com/warden-bot/warden/core/store/storetest"
	"github.com/warden-bot/warden/internal/ferrettest"
)

// uriEnv names a real MongoDB to run the suite against as well, for
// example mongodb://localhost:27017/?replicaSet=rs0.
const uriEnv = "WARDEN_TEST_MONGODB_URI"

var dbSeq atomic.Int64

// opener returns a storetest.Opener giving each test its own database on
// the server at uri, dropped when the test ends.
func opener(uri string) storetest.Opener {
	return func(t *testing.T) *store.DB {
		t.Helper()
		return store.New(openDriver(t, uri))
	}
}

func openDriver(t *testing.T, uri string) *mongostore.Driver {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name := fmt.Sprintf("warden_test_%d_%d", os.Getpid(), dbSeq.Add(1))
	d, err := mongostore.Open(ctx, mongostore.Options{URI: uri, Database: name, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("open %s: %v", uri, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := d.Database().Drop(ctx); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
		if err := d.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return d
}

// TestConformanceFerretDB runs the suite against FerretDB v1 (SQLite
// handler), which has no transactions and whose version-checked updates
// are not atomic under concurrency (docs/storage.md).
func TestConformanceFerretDB(t *testing.T) {
	srv := ferrettest.StartT(t)
	d := openDriver(t, srv.URI)
	if ok, reason := d.Transactions(); ok {
		t.Fatal("FerretDB reported as able to run transactions")
	} else {
		t.Logf("transactions: %s", reason)
	}
	storetest.Run(t, opener(srv.URI), storetest.Caps{Transactions: false, AtomicCAS: false})
	if uri := os.Getenv(uriEnv); uri != "" {
		t.Run("mongodb", func(t *testing.T) { conformanceMongoDB(t, uri) })
	} else {
		t.Logf("%s is not set: the suite ran against FerretDB only (set it to a MongoDB replica set to run it against MongoDB too)", uriEnv)
	}
}

// conformanceMongoDB runs the suite against a real MongoDB, with every
// guarantee when it is a replica set.
func conformanceMongoDB(t *testing.T, uri string) {
	d := openDriver(t, uri)
	tx, reason := d.Transactions()
	if !tx {
		t.Logf("transactions: %s", reason)
	}
	storetest.Run(t, opener(uri), storetest.Caps{Transactions: tx, AtomicCAS: true})
}
