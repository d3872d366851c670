package sqlitestore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
	"github.com/warden-bot/warden/core/store/storetest"
)

// Benchmarks of the embedded store, as docs/benchmarks.md records them:
//
//	go test ./core/store/sqlitestore -run '^$' -bench . -benchtime 5s -count 3
//
// The read benchmarks share one collection of 1,000,000 documents (1,000
// guilds x 1,000), built once into $WARDEN_BENCH_DIR (default: a folder in
// the system's temporary directory) and reused by later runs.

const (
	benchGuilds   = 1000
	benchPerGuild = 1000
)

type benchDoc struct {
	store.Meta
	GuildID   string    `json:"guildId"`
	Number    int64     `json:"number"`
	Kind      string    `json:"kind"`
	TargetID  string    `json:"targetId"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"createdAt"`
}

var benchIndexes = []store.Index{
	{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
	{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
}

func benchID(g, n int) string { return fmt.Sprintf("g%04d-%05d", g, n) }

func newBenchDoc(g, n int, at time.Time) *benchDoc {
	return &benchDoc{Meta: store.Meta{ID: benchID(g, n)}, GuildID: fmt.Sprintf("3%017d", g), Number: int64(n),
		Kind: "warn", TargetID: fmt.Sprintf("2%017d", n%97), Reason: "spamming in #general after two warnings",
		CreatedAt: at.Add(time.Duration(n) * time.Second)}
}

var (
	bigOnce sync.Once
	bigErr  error
	bigDB   *store.DB
	bigColl *store.Collection[benchDoc]
)

// bigCollection opens (building it on first use) the 1,000,000-document
// collection.
func bigCollection(b *testing.B) *store.Collection[benchDoc] {
	bigOnce.Do(func() {
		dir := os.Getenv("WARDEN_BENCH_DIR")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "warden-store-bench-v1")
		}
		ctx := context.Background()
		d, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: dir})
		if err != nil {
			bigErr = err
			return
		}
		bigDB = store.New(d)
		if bigColl, err = store.Declare[benchDoc](ctx, bigDB, "cases", benchIndexes...); err != nil {
			bigErr = err
			return
		}
		if _, err := bigColl.Get(ctx, benchID(benchGuilds-1, benchPerGuild-1)); err == nil {
			return // built by an earlier run
		}
		start := time.Now()
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for g := range benchGuilds {
			batch := make([]*benchDoc, 0, benchPerGuild)
			for n := range benchPerGuild {
				batch = append(batch, newBenchDoc(g, n, base))
			}
			if bigErr = bigColl.InsertMany(ctx, batch...); bigErr != nil {
				return
			}
		}
		fmt.Fprintf(os.Stderr, "built %d documents in %s\n", benchGuilds*benchPerGuild, time.Since(start).Round(time.Millisecond))
	})
	if bigErr != nil {
		b.Fatalf("bench collection: %v", bigErr)
	}
	return bigColl
}

// BenchmarkNewest50 reads one guild's newest 50 documents through the
// (guildId, createdAt) index.
func BenchmarkNewest50(b *testing.B) {
	c := bigCollection(b)
	ctx := context.Background()
	storetest.Timed(b, func(r *rand.Rand) error {
		g := fmt.Sprintf("3%017d", r.IntN(benchGuilds))
		items, err := c.Find(ctx, store.Where("guildId", g).OrderBy("-createdAt").Limit(50))
		if err == nil && len(items) != 50 {
			err = fmt.Errorf("%d items", len(items))
		}
		return err
	})
}

// BenchmarkGetByID reads one document by id.
func BenchmarkGetByID(b *testing.B) {
	c := bigCollection(b)
	ctx := context.Background()
	storetest.Timed(b, func(r *rand.Rand) error {
		_, err := c.Get(ctx, benchID(r.IntN(benchGuilds), r.IntN(benchPerGuild)))
		return err
	})
}

func smallCollection(b *testing.B, sync string) (*store.DB, *store.Collection[benchDoc]) {
	ctx := context.Background()
	d, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: b.TempDir(), Synchronous: sync})
	if err != nil {
		b.Fatal(err)
	}
	db := store.New(d)
	b.Cleanup(func() { _ = db.Close() })
	c, err := store.Declare[benchDoc](ctx, db, "cases", benchIndexes...)
	if err != nil {
		b.Fatal(err)
	}
	return db, c
}

// BenchmarkInsertOne is one acknowledged write at a time, with each
// durability setting.
func BenchmarkInsertOne(b *testing.B) {
	for _, sync := range []string{"normal", "full"} {
		b.Run(sync, func(b *testing.B) {
			_, c := smallCollection(b, sync)
			ctx := context.Background()
			at := time.Now()
			var all []time.Duration
			b.ResetTimer()
			for i := range b.N {
				t0 := time.Now()
				if err := c.Insert(ctx, newBenchDoc(i%benchGuilds, i, at)); err != nil {
					b.Fatal(err)
				}
				all = append(all, time.Since(t0))
			}
			b.StopTimer()
			storetest.ReportLatency(b, all)
		})
	}
}

// BenchmarkInsertBatch inserts documents 1,000 to a transaction.
func BenchmarkInsertBatch(b *testing.B) {
	_, c := smallCollection(b, "normal")
	ctx := context.Background()
	at := time.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i += 1000 {
		batch := make([]*benchDoc, 0, 1000)
		for j := i; j < i+1000 && j < b.N; j++ {
			batch = append(batch, newBenchDoc(j%benchGuilds, j, at))
		}
		if err := c.InsertMany(ctx, batch...); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkContendedCAS has 32 writers read-modify-write one document
// (Update, an increment): every increment that returned must be in the
// document at the end, and conflicts are counted.
func BenchmarkContendedCAS(b *testing.B) {
	db, c := smallCollection(b, "normal")
	_ = db
	ctx := context.Background()
	doc := newBenchDoc(0, 0, time.Now())
	if err := c.Insert(ctx, doc); err != nil {
		b.Fatal(err)
	}
	var done, conflicts atomic.Int64
	b.SetParallelism(16) // 16 x GOMAXPROCS(2) = 32 writers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for {
				cur, err := c.Get(ctx, doc.ID)
				if err != nil {
					b.Error(err)
					return
				}
				cur.Number++
				err = c.Replace(ctx, cur)
				if err == nil {
					done.Add(1)
					break
				}
				conflicts.Add(1)
			}
		}
	})
	b.StopTimer()
	got, err := c.Get(ctx, doc.ID)
	if err != nil {
		b.Fatal(err)
	}
	if got.Number != done.Load() {
		b.Fatalf("lost updates: %d increments acknowledged, document holds %d", done.Load(), got.Number)
	}
	b.ReportMetric(float64(done.Load())/b.Elapsed().Seconds(), "writes/s")
	b.ReportMetric(float64(conflicts.Load())/float64(done.Load()), "conflicts/write")
}
