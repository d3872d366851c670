package sqlitestore_test

import (
	"context"
	"testing"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
	"github.com/warden-bot/warden/core/store/storetest"
)

func openTemp(t *testing.T) *store.DB {
	t.Helper()
	d, err := sqlitestore.Open(context.Background(), sqlitestore.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	db := store.New(d)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openTemp, storetest.Caps{Transactions: true, AtomicCAS: true})
}
