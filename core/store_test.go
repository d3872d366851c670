package core_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestEmbeddedStoreDataSurvivesRestart(t *testing.T) {
	cfg := testenv.Config(t)
	ctx := context.Background()
	open := func() *core.Store {
		s, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	if _, err := s.DB.Collection("persist").InsertOne(ctx, bson.M{"_id": "k", "v": "kept"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s = open()
	defer s.Close(ctx)
	var got bson.M
	if err := s.DB.Collection("persist").FindOne(ctx, bson.M{"_id": "k"}).Decode(&got); err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got["v"] != "kept" {
		t.Fatalf("after restart: %v", got)
	}
}

func TestOpenStoreErrorsNameTheProblem(t *testing.T) {
	ctx := context.Background()
	t.Run("unwritable DATA_DIR", func(t *testing.T) {
		if os.Geteuid() == 0 {
			// root can write anywhere; use a path under a regular file.
			f := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(f, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			cfg := testenv.Config(t, func(c *core.Config) { c.DataDir = filepath.Join(f, "sub") })
			_, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
			if err == nil || !strings.Contains(err.Error(), "DATA_DIR") {
				t.Fatalf("want an error naming DATA_DIR, got %v", err)
			}
			return
		}
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		cfg := testenv.Config(t, func(c *core.Config) { c.DataDir = dir })
		_, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err == nil || !strings.Contains(err.Error(), "DATA_DIR") {
			t.Fatalf("want an error naming DATA_DIR, got %v", err)
		}
	})
	t.Run("unreachable MONGODB_URI", func(t *testing.T) {
		port := testenv.FreePort(t)
		cfg := testenv.Config(t, func(c *core.Config) { c.MongoDBURI = "mongodb://127.0.0.1:" + itoa(port) })
		start := time.Now()
		_, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{ConnectTimeout: 2 * time.Second})
		if err == nil || !strings.Contains(err.Error(), "MONGODB_URI") {
			t.Fatalf("want an error naming MONGODB_URI, got %v", err)
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("gave up only after %s", time.Since(start))
		}
	})
}

// externalStore runs FerretDB on a fixed loopback port, standing in for a
// MongoDB server that can be stopped and started again.
type externalStore struct {
	t      *testing.T
	dir    string
	addr   string
	cancel context.CancelFunc
	done   chan struct{}
}

func (e *externalStore) start() {
	e.t.Helper()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: e.addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + e.dir + "/",
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done = cancel, make(chan struct{})
	go func() { defer close(e.done); _ = f.Run(ctx) }()
	_ = f.MongoDBURI() // waits for the listener
}

func (e *externalStore) stop() {
	e.cancel()
	<-e.done
}

func TestStoreOutageIsReportedAndRecovers(t *testing.T) {
	ext := &externalStore{t: t, dir: t.TempDir(), addr: "127.0.0.1:" + itoa(testenv.FreePort(t))}
	ext.start()
	cfg := testenv.Config(t, func(c *core.Config) { c.MongoDBURI = "mongodb://" + ext.addr })
	c := testenv.Core(t, cfg, core.Options{})
	ctx := context.Background()
	coll := c.Store().DB.Collection("outage")
	if _, err := coll.InsertOne(ctx, bson.M{"n": 1}); err != nil {
		t.Fatal(err)
	}

	ext.stop()
	opCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	_, err := coll.InsertOne(opCtx, bson.M{"n": 2})
	cancel()
	if !errors.Is(core.StoreError(err), core.ErrStoreUnavailable) {
		t.Fatalf("a write during the outage: want ErrStoreUnavailable, got %v", err)
	}
	if ue := core.AsUserError(core.StoreError(err)); ue.Code != core.CodeUnavailable || ue.Code.Status() != 503 {
		t.Fatalf("outage maps to %s/%d, want UNAVAILABLE/503", ue.Code, ue.Code.Status())
	}
	if ready := c.Ready(ctx); ready["store"] == nil {
		t.Fatal("readiness does not report the store outage")
	}

	ext.start()
	defer ext.stop()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err = coll.InsertOne(ctx, bson.M{"n": 3})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store did not recover: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if ready := c.Ready(ctx); ready["store"] != nil {
		t.Fatalf("readiness still reports %v after recovery", ready["store"])
	}
	n, err := coll.CountDocuments(ctx, bson.M{})
	if err != nil || n != 2 {
		t.Fatalf("after recovery: %d documents, %v (want the 2 written while up)", n, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
