package core_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/internal/ferrettest"
	"github.com/warden-bot/warden/internal/testenv"
)

type kept struct {
	store.Meta
	V string `json:"v"`
}

func TestEmbeddedStoreDataSurvivesRestart(t *testing.T) {
	cfg := testenv.Config(t)
	ctx := context.Background()
	open := func() (*store.DB, *store.Collection[kept]) {
		db, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		coll, err := store.Declare[kept](ctx, db, "persist")
		if err != nil {
			t.Fatal(err)
		}
		return db, coll
	}
	db, coll := open()
	if err := coll.Insert(ctx, &kept{Meta: store.Meta{ID: "k"}, V: "kept"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, coll = open()
	defer db.Close()
	got, err := coll.Get(ctx, "k")
	if err != nil || got.V != "kept" {
		t.Fatalf("after restart: %+v, %v", got, err)
	}
}

func TestOpenStoreErrorsNameTheProblem(t *testing.T) {
	ctx := context.Background()
	t.Run("unwritable DATA_DIR", func(t *testing.T) {
		// Root can write anywhere, so the directory is put under a
		// regular file, which no one can create directories in.
		f := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := testenv.Config(t, func(c *core.Config) { c.DataDir = filepath.Join(f, "sub") })
		_, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err == nil || !strings.Contains(err.Error(), "DATA_DIR") || !strings.Contains(err.Error(), f) {
			t.Fatalf("want an error naming DATA_DIR and its path, got %v", err)
		}
	})
	t.Run("a second process on the same DATA_DIR", func(t *testing.T) {
		cfg := testenv.Config(t)
		first, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		_, err = core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err == nil || !strings.Contains(err.Error(), "in use by another Warden process (pid "+strconv.Itoa(os.Getpid())+")") {
			t.Fatalf("want an error saying the directory is in use and by which pid, got %v", err)
		}
	})
	t.Run("processes sharing DATA_DIR with STORE_SHARED", func(t *testing.T) {
		cfg := testenv.Config(t, func(c *core.Config) { c.StoreShared = true })
		first, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		second, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err != nil {
			t.Fatalf("a second shared open was refused: %v", err)
		}
		defer second.Close()
		type doc struct {
			store.Meta
			N int `json:"n"`
		}
		a, err := store.Declare[doc](ctx, first, "shared_docs")
		if err != nil {
			t.Fatal(err)
		}
		b, err := store.Declare[doc](ctx, second, "shared_docs")
		if err != nil {
			t.Fatal(err)
		}
		d := &doc{N: 1}
		if err := a.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, err := b.Get(ctx, d.ID)
		if err != nil || got.N != 1 {
			t.Fatalf("the other opener reads %+v, %v", got, err)
		}
		got.N = 2
		if err := b.Replace(ctx, got); err != nil {
			t.Fatal(err)
		}
		if err := a.Replace(ctx, d); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a stale replace across openers: want a conflict, got %v", err)
		}

		alone := *cfg
		alone.StoreShared = false
		_, err = core.OpenStore(ctx, &alone, testenv.Logger(t), core.StoreOptions{})
		if err == nil || !strings.Contains(err.Error(), "STORE_SHARED") {
			t.Fatalf("an exclusive open beside shared ones: want an error naming STORE_SHARED, got %v", err)
		}
	})
	t.Run("a shared open beside an exclusive one", func(t *testing.T) {
		cfg := testenv.Config(t)
		first, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		shared := *cfg
		shared.StoreShared = true
		_, err = core.OpenStore(ctx, &shared, testenv.Logger(t), core.StoreOptions{})
		if err == nil || !strings.Contains(err.Error(), "owns it alone (pid "+strconv.Itoa(os.Getpid())+")") {
			t.Fatalf("want an error saying a process owns the directory alone, got %v", err)
		}
	})
	t.Run("a corrupt store file", func(t *testing.T) {
		cfg := testenv.Config(t)
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(cfg.DataDir, "warden.db")
		if err := os.WriteFile(file, []byte(strings.Repeat("this is not a database\n", 400)), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := core.OpenStore(ctx, cfg, testenv.Logger(t), core.StoreOptions{})
		if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "corrupt") {
			t.Fatalf("want an error naming the corrupt file, got %v", err)
		}
	})
	t.Run("a bad STORE_SYNC", func(t *testing.T) {
		cfg := testenv.Config(t)
		cfg.StoreSync = "sometimes"
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "STORE_SYNC") {
			t.Fatalf("want a config error naming STORE_SYNC, got %v", err)
		}
	})
}

func TestStoreErrorsMapToUserErrors(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code core.Code
	}{
		{store.ErrNotFound, core.CodeNotFound},
		{&store.ConflictError{Collection: "c", ID: "x"}, core.CodeConflict},
		{&store.DuplicateKeyError{Collection: "c", Index: "guild_name"}, core.CodeConflict},
		{store.ErrUnavailable, core.CodeUnavailable},
		{store.ErrBadCursor, core.CodeBadRequest},
		{store.ErrNoIndex, core.CodeInternal},
	} {
		if got := core.AsUserError(errors.Join(errors.New("context"), tc.err)).Code; got != tc.code {
			t.Errorf("%v: %s, want %s", tc.err, got, tc.code)
		}
	}
}

// TestStoreOutageIsReportedAndRecovers stops the MongoDB-wire server under
// a running core and starts it again: writes during the outage fail as
// UNAVAILABLE (503), readiness reports it, and the core recovers by itself.
func TestStoreOutageIsReportedAndRecovers(t *testing.T) {
	dir, addr := t.TempDir(), "127.0.0.1:"+strconv.Itoa(testenv.FreePort(t))
	srv, err := ferrettest.StartAt(dir, addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	running := true
	t.Cleanup(func() {
		if running {
			srv.Stop()
		}
	})
	cfg := testenv.Config(t, func(c *core.Config) { c.MongoDBURI = "mongodb://" + addr })
	c := testenv.Core(t, cfg, core.Options{})
	ctx := context.Background()
	coll, err := store.Declare[kept](ctx, c.Store(), "outage")
	if err != nil {
		t.Fatal(err)
	}
	if err := coll.Insert(ctx, &kept{Meta: store.Meta{ID: "before"}, V: "1"}); err != nil {
		t.Fatal(err)
	}

	srv.Stop()
	running = false
	opCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	err = coll.Insert(opCtx, &kept{V: "2"})
	cancel()
	if !errors.Is(err, core.ErrStoreUnavailable) {
		t.Fatalf("a write during the outage: want ErrStoreUnavailable, got %v", err)
	}
	if ue := core.AsUserError(err); ue.Code != core.CodeUnavailable || ue.Code.Status() != 503 {
		t.Fatalf("outage maps to %s/%d, want UNAVAILABLE/503", ue.Code, ue.Code.Status())
	}
	if ready := c.Ready(ctx); ready["store"] == nil {
		t.Fatal("readiness does not report the store outage")
	}

	if srv, err = ferrettest.StartAt(dir, addr, nil); err != nil {
		t.Fatal(err)
	}
	running = true
	testenv.Eventually(t, 20*time.Second, "the store recovers", func() bool {
		return coll.Insert(ctx, &kept{Meta: store.Meta{ID: "after"}, V: "3"}) == nil
	})
	if ready := c.Ready(ctx); ready["store"] != nil {
		t.Fatalf("readiness still reports %v after recovery", ready["store"])
	}
	for _, id := range []string{"before", "after"} {
		if _, err := coll.Get(ctx, id); err != nil {
			t.Fatalf("after recovery, the document written %s the outage: %v", id, err)
		}
	}
}
