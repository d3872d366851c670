package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
)

// cursorDoc is a document with an integer, a string and a time to page on.
type cursorDoc struct {
	store.Meta
	Guild string    `json:"guild"`
	N     int64     `json:"n"`
	S     string    `json:"s"`
	At    time.Time `json:"at"`
}

// FuzzPageAfter gives store page cursors from outside (clients send them
// back in ?cursor=) to Query.After on the embedded store: a page must never
// panic and must answer either a page or ErrBadCursor, whatever the cursor
// and whichever order the query pages on.
func FuzzPageAfter(f *testing.F) {
	ctx := context.Background()
	d, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: f.TempDir()})
	if err != nil {
		f.Fatalf("open sqlite: %v", err)
	}
	db := store.New(d)
	f.Cleanup(func() { _ = db.Close() })
	coll, err := store.Declare[cursorDoc](ctx, db, "fuzz_cursor",
		store.Index{Name: "guild_n", Fields: []string{"guild", "n"}},
		store.Index{Name: "guild_s", Fields: []string{"guild", "-s"}},
		store.Index{Name: "guild_at", Fields: []string{"guild", "at"}},
		store.Index{Name: "guild", Fields: []string{"guild"}})
	if err != nil {
		f.Fatalf("declare: %v", err)
	}
	base := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	for i := range 5 {
		doc := &cursorDoc{Guild: "g", N: int64(i), S: fmt.Sprint("s", i), At: base.Add(time.Duration(i) * time.Minute)}
		if err := coll.Insert(ctx, doc); err != nil {
			f.Fatalf("insert: %v", err)
		}
	}
	queries := []store.Query{
		store.Where("guild", "g").OrderBy("n").Limit(2),
		store.Where("guild", "g").OrderBy("-s").Limit(2),
		store.Where("guild", "g").OrderBy("at").Limit(2),
		store.Where("guild", "g").Limit(2),
	}
	// Real cursors of every query, and shapes a client could forge.
	for _, q := range queries {
		p, err := coll.Page(ctx, q)
		if err != nil || p.Next == "" {
			f.Fatalf("first page: %+v %v", p, err)
		}
		f.Add(p.Next)
	}
	for _, s := range []string{
		`[1,"x"]`, `["x"]`, `[null,"x"]`, `[true,"x"]`, `[1e400,"x"]`, `[-0,"x"]`, `[9223372036854775808,"x"]`,
		`[{"a":1},"x"]`, `[[1],"x"]`, `[1,2]`, `[]`, `{}`, `"x"`, `[1,"x",3]`, `["2026-01-08T12:00:00Z","x"]`,
	} {
		f.Add(base64.RawURLEncoding.EncodeToString([]byte(s)))
	}
	f.Add("")
	f.Add("not base64!")
	f.Add("W10=") // padded base64
	f.Fuzz(func(t *testing.T, cursor string) {
		for _, q := range queries {
			_, err := coll.Page(ctx, q.After(cursor))
			if err != nil && !errors.Is(err, store.ErrBadCursor) {
				t.Fatalf("cursor %q: %v, want a page or ErrBadCursor", cursor, err)
			}
		}
	})
}
