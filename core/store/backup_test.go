package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/mongostore"
	"github.com/warden-bot/warden/core/store/sqlitestore"
	"github.com/warden-bot/warden/core/store/storetest"
	"github.com/warden-bot/warden/internal/ferrettest"
)

// note is a document with what a JSON-to-BSON trip could lose: unicode,
// HTML-escaped characters, field names MongoDB cannot hold as they are,
// integers beyond float64's precision and times with nanoseconds and
// zones.
type note struct {
	store.Meta
	GuildID string         `json:"guildId"`
	Title   string         `json:"title"`
	At      time.Time      `json:"at"`
	Big     uint64         `json:"big"`
	Neg     int64          `json:"neg"`
	Ratio   float64        `json:"ratio"`
	Extra   map[string]any `json:"extra,omitempty"`
	Raw     []byte         `json:"raw,omitempty"`
}

var noteIndexes = []store.Index{
	{Name: "guild_at", Fields: []string{"guildId", "-at"}},
	{Name: "title", Fields: []string{"title"}, Unique: true},
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func openSQLite(t *testing.T) *store.DB {
	t.Helper()
	d, err := sqlitestore.Open(context.Background(), sqlitestore.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	db := store.New(d)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close sqlite: %v", err)
		}
	})
	return db
}

func openMongo(t *testing.T, uri, name string) *store.DB {
	t.Helper()
	d, err := mongostore.Open(ctxT(t), mongostore.Options{URI: uri, Database: name, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("open mongo: %v", err)
	}
	db := store.New(d)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close mongo: %v", err)
		}
	})
	return db
}

// declareCases declares the cases collection as its plugin would.
func declareCases(t *testing.T, db *store.DB) *store.Collection[storetest.Case] {
	t.Helper()
	cases, err := store.Declare[storetest.Case](ctxT(t), db, "cases",
		store.Index{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
		store.Index{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}})
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// fill writes several collections, with replaced documents (versions above
// 1) and one deleted one.
func fill(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := ctxT(t)
	cases := declareCases(t, db)
	base := time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.FixedZone("CET", 3600))
	for i := 1; i <= 1234; i++ {
		c := &storetest.Case{GuildID: fmt.Sprintf("g%d", i%7), Kind: "warn", CreatedAt: base.Add(time.Duration(i) * time.Second), Score: float64(i) / 3, Tags: []string{"é", "日本"}}
		if i%3 == 0 {
			exp := base.Add(time.Duration(i) * time.Hour).UTC()
			c.ExpiresAt = &exp
		}
		if _, err := cases.InsertNumbered(ctx, c, "number"); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			c.Kind = "ban"
			if err := cases.Replace(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		if i == 500 {
			if _, err := cases.Delete(ctx, c.ID, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	notes, err := store.Declare[note](ctx, db, "notes", noteIndexes...)
	if err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"héllo wörld", "<b>bold</b> & \"quoted\"", "emoji 🛡️👮", "line\nbreak\ttab\u2028", "日本語のメモ", ""} {
		n := &note{GuildID: "g1", Title: title, At: base.Add(time.Duration(i) * time.Nanosecond),
			Big: math.MaxUint64 - uint64(i), Neg: math.MinInt64 + int64(i), Ratio: 1.0 / float64(i+3),
			Extra: map[string]any{"$set": 1, "a.b": "dotted", "~tilde": true, "_id": "not mine", "_k": nil, "nested": map[string]any{"$in": []any{1, 2.5, "x"}}},
			Raw:   []byte{0, 1, 2, 255}}
		if err := notes.Insert(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	wallets, err := store.Declare[storetest.Wallet](ctx, db, "wallets")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := wallets.Insert(ctx, &storetest.Wallet{Meta: store.Meta{ID: fmt.Sprintf("w%d", i)}, Coins: int64(i * 100)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.Declare[storetest.Wallet](ctx, db, "empty"); err != nil {
		t.Fatal(err)
	}
}

// dump reads every row of every collection, in id order.
func dump(t *testing.T, db *store.DB) map[string][]store.Row {
	t.Helper()
	ctx := ctxT(t)
	specs, err := db.Driver().Collections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]store.Row{}
	for _, s := range specs {
		rows := []store.Row{}
		after := ""
		for {
			page, err := db.Driver().Scan(ctx, s.Name, after, 200)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, r := range page {
				rows = append(rows, store.Row{ID: r.ID, Version: r.Version, Doc: r.Doc})
			}
			after = page[len(page)-1].ID
		}
		out[s.Name] = rows
	}
	return out
}

func sameRows(t *testing.T, what string, want, got map[string][]store.Row) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d collections, want %d", what, len(got), len(want))
	}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Fatalf("%s: %s has %d documents, want %d", what, name, len(g), len(w))
		}
		for i := range w {
			if g[i].ID != w[i].ID || g[i].Version != w[i].Version || !bytes.Equal(g[i].Doc, w[i].Doc) {
				t.Fatalf("%s: %s row %d:\n got %s v%d %s\nwant %s v%d %s", what, name, i, g[i].ID, g[i].Version, g[i].Doc, w[i].ID, w[i].Version, w[i].Doc)
			}
		}
	}
}

// queries reads through the restored indexes, so keys were recomputed.
func queries(t *testing.T, db *store.DB) string {
	t.Helper()
	ctx := ctxT(t)
	cases := declareCases(t, db)
	newest, err := cases.Find(ctx, store.Where("guildId", "g3").OrderBy("-createdAt").Limit(5))
	if err != nil {
		t.Fatal(err)
	}
	n, err := cases.Count(ctx, store.Where("guildId", "g3").Gte("createdAt", time.Date(2026, 3, 4, 4, 20, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	notes, err := store.Declare[note](ctx, db, "notes", noteIndexes...)
	if err != nil {
		t.Fatal(err)
	}
	emoji, err := notes.FindOne(ctx, store.Where("title", "emoji 🛡️👮"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range newest {
		fmt.Fprintf(&b, "%d@%s ", c.Number, c.CreatedAt.Format(time.RFC3339Nano))
	}
	fmt.Fprintf(&b, "count=%d emoji=%s big=%d", n, emoji.ID, emoji.Big)
	return b.String()
}

// TestBackupRoundTrip moves a store SQLite → MongoDB-wire (FerretDB) →
// SQLite and checks that every document comes back byte-equal, at its
// version, and that the indexes answer the same.
func TestBackupRoundTrip(t *testing.T) {
	ctx := ctxT(t)
	srv := ferrettest.StartT(t)
	src := openSQLite(t)
	fill(t, src)
	want := dump(t, src)
	wantQ := queries(t, src)
	t.Logf("queries on the source: %s", wantQ)

	dir1 := filepath.Join(t.TempDir(), "from-sqlite")
	m1, err := store.Backup(ctx, src.Driver(), dir1)
	if err != nil {
		t.Fatalf("backup sqlite: %v", err)
	}
	if m1.Driver != "sqlite" || len(m1.Collections) != 4 {
		t.Fatalf("manifest: %+v", m1)
	}
	for _, c := range m1.Collections {
		if int64(len(want[c.Spec.Name])) != c.Count {
			t.Errorf("manifest counts %d in %s, the store holds %d", c.Count, c.Spec.Name, len(want[c.Spec.Name]))
		}
	}

	mid := openMongo(t, srv.URI, "roundtrip")
	if _, err := store.Restore(ctx, mid.Driver(), dir1, store.RestoreOptions{}); err != nil {
		t.Fatalf("restore into mongo: %v", err)
	}
	sameRows(t, "sqlite → mongo", want, dump(t, mid))
	if got := queries(t, mid); got != wantQ {
		t.Errorf("queries on mongo:\n got %s\nwant %s", got, wantQ)
	}

	dir2 := filepath.Join(t.TempDir(), "from-mongo")
	m2, err := store.Backup(ctx, mid.Driver(), dir2)
	if err != nil {
		t.Fatalf("backup mongo: %v", err)
	}
	if m2.Driver != "mongo" {
		t.Errorf("manifest driver %q", m2.Driver)
	}
	for _, c := range m1.Collections {
		a, _ := os.ReadFile(filepath.Join(dir1, c.File))
		b, err := os.ReadFile(filepath.Join(dir2, c.File))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the SQLite and the MongoDB backup (%v)", c.File, err)
		}
	}

	dst := openSQLite(t)
	if _, err := store.Restore(ctx, dst.Driver(), dir2, store.RestoreOptions{}); err != nil {
		t.Fatalf("restore into sqlite: %v", err)
	}
	sameRows(t, "sqlite → mongo → sqlite", want, dump(t, dst))
	if got := queries(t, dst); got != wantQ {
		t.Errorf("queries after the round trip:\n got %s\nwant %s", got, wantQ)
	}
	// Restored documents keep their versions: a stale write still conflicts.
	wallets, _ := store.Declare[storetest.Wallet](ctx, dst, "wallets")
	w, err := wallets.Get(ctx, "w1")
	if err != nil || w.Version != 1 || w.Coins != 100 {
		t.Fatalf("restored wallet: %+v %v", w, err)
	}
}

func TestRestoreRefusesNonEmpty(t *testing.T) {
	ctx := ctxT(t)
	src := openSQLite(t)
	fill(t, src)
	dir := filepath.Join(t.TempDir(), "b")
	if _, err := store.Backup(ctx, src.Driver(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Backup(ctx, src.Driver(), dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a backup into a used directory: %v", err)
	}
	dst := openSQLite(t)
	wallets, _ := store.Declare[storetest.Wallet](ctx, dst, "wallets")
	if err := wallets.Insert(ctx, &storetest.Wallet{Meta: store.Meta{ID: "mine"}, Coins: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := store.Restore(ctx, dst.Driver(), dir, store.RestoreOptions{})
	if err == nil || !strings.Contains(err.Error(), "wallets") {
		t.Fatalf("restore over documents: %v, want a refusal naming wallets", err)
	}
	if specs, _ := dst.Driver().Collections(ctx); len(specs) != 1 {
		t.Errorf("a refused restore declared %d collections", len(specs))
	}
	if _, err := store.Restore(ctx, dst.Driver(), dir, store.RestoreOptions{Replace: true}); err != nil {
		t.Fatalf("restore with Replace: %v", err)
	}
	sameRows(t, "replace", dump(t, src), dump(t, dst))
	if _, err := wallets.Get(ctx, "mine"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Replace kept a document the backup does not hold: %v", err)
	}
}

func TestRestoreCorrupt(t *testing.T) {
	ctx := ctxT(t)
	src := openSQLite(t)
	fill(t, src)
	good := filepath.Join(t.TempDir(), "good")
	if _, err := store.Backup(ctx, src.Driver(), good); err != nil {
		t.Fatal(err)
	}
	lines := func(dir, file string) []string {
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		return strings.SplitAfter(string(raw), "\n")
	}
	tests := []struct {
		name  string
		edit  func(dir string)
		wants []string
	}{
		{"truncated", func(dir string) {
			l := lines(dir, "cases.jsonl")
			body := strings.Join(l[:41], "") + l[41][:len(l[41])/2]
			os.WriteFile(filepath.Join(dir, "cases.jsonl"), []byte(body), 0o600)
		}, []string{"cases.jsonl line 42 is truncated"}},
		{"garbage line", func(dir string) {
			l := lines(dir, "notes.jsonl")
			l[2] = `{"id":"x","version":1,"doc":{"title":` + "\n"
			os.WriteFile(filepath.Join(dir, "notes.jsonl"), []byte(strings.Join(l, "")), 0o600)
		}, []string{"notes.jsonl line 3 is corrupt"}},
		{"line missing", func(dir string) {
			l := lines(dir, "wallets.jsonl")
			os.WriteFile(filepath.Join(dir, "wallets.jsonl"), []byte(strings.Join(l[1:], "")), 0o600)
		}, []string{"wallets.jsonl holds 2 documents, the manifest says 3"}},
		{"no version", func(dir string) {
			l := lines(dir, "wallets.jsonl")
			l[1] = `{"id":"w1","doc":{}}` + "\n"
			os.WriteFile(filepath.Join(dir, "wallets.jsonl"), []byte(strings.Join(l, "")), 0o600)
		}, []string{"wallets.jsonl line 2 is corrupt", "version 0"}},
		{"file missing", func(dir string) {
			os.Remove(filepath.Join(dir, "notes.jsonl"))
		}, []string{"notes.jsonl"}},
		{"no manifest", func(dir string) {
			os.Remove(filepath.Join(dir, store.ManifestFile))
		}, []string{"manifest.json is missing"}},
		{"bad key", func(dir string) {
			l := lines(dir, "notes.jsonl")
			l[0] = strings.Replace(l[0], `"guildId":"g1"`, `"guildId":{"x":1}`, 1)
			os.WriteFile(filepath.Join(dir, "notes.jsonl"), []byte(strings.Join(l, "")), 0o600)
		}, []string{"notes.jsonl line 1", "guildId"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "b")
			copyDir(t, good, dir)
			tc.edit(dir)
			dst := openSQLite(t)
			_, err := store.Restore(ctx, dst.Driver(), dir, store.RestoreOptions{})
			if err == nil {
				t.Fatal("restore of a damaged backup succeeded")
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if tc.name != "bad key" {
				// Everything is checked before anything is written.
				if specs, _ := dst.Driver().Collections(ctx); len(specs) != 0 {
					t.Errorf("a refused restore declared %v", specs)
				}
			}
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
