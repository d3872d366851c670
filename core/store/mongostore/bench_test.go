package mongostore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/mongostore"
	"github.com/warden-bot/warden/core/store/storetest"
	"github.com/warden-bot/warden/internal/ferrettest"
)

// Benchmarks of the MongoDB driver, as docs/benchmarks.md records them:
//
//	go test ./core/store/mongostore -run '^$' -bench . -benchtime 3s -count 3
//
// They run against WARDEN_TEST_MONGODB_URI when it is set, and otherwise
// against FerretDB v1 in-process, which scans a collection for every query
// but by _id: its figures measure FerretDB, not MongoDB, so the collection
// is 20,000 documents (100 guilds x 200), not the SQLite benchmarks'
// million.

const (
	benchGuilds   = 100
	benchPerGuild = 200
)

type benchDoc struct {
	store.Meta
	GuildID   string    `json:"guildId"`
	Number    int64     `json:"number"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"createdAt"`
}

func benchCollection(b *testing.B, seed bool) *store.Collection[benchDoc] {
	b.Helper()
	uri := os.Getenv(uriEnv)
	if uri == "" {
		srv, err := ferrettest.Start(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(srv.Stop)
		uri = srv.URI
		b.Log("server: FerretDB v1 (SQLite handler), in-process")
	} else {
		b.Logf("server: %s", uriEnv)
	}
	ctx := context.Background()
	d, err := mongostore.Open(ctx, mongostore.Options{URI: uri, Database: fmt.Sprintf("warden_bench_%d", time.Now().UnixNano()),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = d.Database().Drop(context.Background()); _ = d.Close() })
	c, err := store.Declare[benchDoc](ctx, store.New(d), "cases",
		store.Index{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
		store.Index{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}})
	if err != nil {
		b.Fatal(err)
	}
	if seed {
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for g := range benchGuilds {
			batch := make([]*benchDoc, 0, benchPerGuild)
			for n := range benchPerGuild {
				batch = append(batch, &benchDoc{Meta: store.Meta{ID: fmt.Sprintf("g%03d-%03d", g, n)}, GuildID: fmt.Sprint(g),
					Number: int64(n), Reason: "spamming", CreatedAt: base.Add(time.Duration(n) * time.Second)})
			}
			if err := c.InsertMany(ctx, batch...); err != nil {
				b.Fatal(err)
			}
		}
	}
	return c
}

func BenchmarkNewest50(b *testing.B) {
	c := benchCollection(b, true)
	ctx := context.Background()
	storetest.Timed(b, func(r *rand.Rand) error {
		items, err := c.Find(ctx, store.Where("guildId", fmt.Sprint(r.IntN(benchGuilds))).OrderBy("-createdAt").Limit(50))
		if err == nil && len(items) != 50 {
			err = fmt.Errorf("%d items", len(items))
		}
		return err
	})
}

func BenchmarkGetByID(b *testing.B) {
	c := benchCollection(b, true)
	ctx := context.Background()
	storetest.Timed(b, func(r *rand.Rand) error {
		_, err := c.Get(ctx, fmt.Sprintf("g%03d-%03d", r.IntN(benchGuilds), r.IntN(benchPerGuild)))
		return err
	})
}

func BenchmarkInsertOne(b *testing.B) {
	c := benchCollection(b, false)
	ctx := context.Background()
	at := time.Now()
	storetest.Timed(b, func(r *rand.Rand) error {
		return c.Insert(ctx, &benchDoc{GuildID: fmt.Sprint(r.IntN(benchGuilds)), Number: r.Int64(), CreatedAt: at})
	})
}
