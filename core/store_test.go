package core_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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

func TestStoreOutageIsReportedAndRecovers(t *testing.T) {
	// The core keeps running when the database goes away; calls fail with
	// ErrStoreUnavailable (so the API answers 503) and work again after.
	cfg := testenv.Config(t)
	c := testenv.Core(t, cfg, core.Options{})
	ctx := context.Background()
	if err := c.Store().Ping(ctx); err != nil {
		t.Fatal(err)
	}
	// Point a second client at a dead port to see the error mapping.
	dead := testenv.Config(t, func(x *core.Config) { x.MongoDBURI = "mongodb://127.0.0.1:" + itoa(testenv.FreePort(t)) })
	_, err := core.OpenStore(ctx, dead, testenv.Logger(t), core.StoreOptions{ConnectTimeout: time.Second})
	if err == nil {
		t.Fatal("opened a dead store")
	}
	if ready := c.Ready(ctx); ready["store"] != nil {
		t.Fatalf("live store reported not ready: %v", ready)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
