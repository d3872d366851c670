package core_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
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
