package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// Caps says which guarantees the server under test gives. A driver for a
// server that lacks one is still tested: the suite checks that it refuses
// clearly (transactions) or skips only the concurrency check it cannot
// keep, saying so in the test log.
type Caps struct {
	// Transactions: multi-document transactions (MongoDB needs a replica
	// set). Without them Tx must fail with store.ErrTxUnsupported.
	Transactions bool
	// AtomicCAS: a version-checked write is atomic against a concurrent
	// one (MongoDB's filtered updates are; FerretDB v1's are not).
	AtomicCAS bool
}

// Opener returns a fresh, empty store for one test; it is closed by the
// test's cleanup.
type Opener func(t *testing.T) *store.DB

// Case is a document used by the suite: a guild's numbered case.
type Case struct {
	store.Meta
	GuildID   string     `json:"guildId"`
	Number    int64      `json:"number"`
	Target    string     `json:"targetId,omitempty"`
	Kind      string     `json:"kind"`
	Open      bool       `json:"open"`
	Score     float64    `json:"score"`
	CreatedAt time.Time  `json:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	Tags      []string   `json:"tags,omitempty"`
}

// Wallet is a balance, for counters and transactions.
type Wallet struct {
	store.Meta
	GuildID string `json:"guildId"`
	Coins   int64  `json:"coins"`
}

var caseIndexes = []store.Index{
	{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
	{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
	{Name: "guild_target", Fields: []string{"guildId", "targetId", "-number"}},
	{Name: "open_expiry", Fields: []string{"open", "expiresAt"}},
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func declareCases(t *testing.T, db *store.DB) *store.Collection[Case] {
	t.Helper()
	c, err := store.Declare[Case](ctxT(t), db, "cases", caseIndexes...)
	if err != nil {
		t.Fatalf("declare cases: %v", err)
	}
	return c
}

// Run runs the suite.
func Run(t *testing.T, open Opener, caps Caps) {
	t.Run("declare", func(t *testing.T) { testDeclare(t, open(t)) })
	t.Run("crud", func(t *testing.T) { testCRUD(t, open(t)) })
	t.Run("unique", func(t *testing.T) { testUnique(t, open(t)) })
	t.Run("find", func(t *testing.T) { testFind(t, open(t)) })
	t.Run("pages", func(t *testing.T) { testPages(t, open(t)) })
	t.Run("null_pages", func(t *testing.T) { testNullPages(t, open(t)) })
	t.Run("no_index", func(t *testing.T) { testNoIndex(t, open(t)) })
	t.Run("count_delete_many", func(t *testing.T) { testCountDeleteMany(t, open(t)) })
	t.Run("numbered", func(t *testing.T) { testNumbered(t, open(t)) })
	t.Run("redeclare", func(t *testing.T) { testRedeclare(t, open(t)) })
	t.Run("catalogue_scan", func(t *testing.T) { testCatalogue(t, open(t)) })
	t.Run("concurrent_cas", func(t *testing.T) {
		if !caps.AtomicCAS {
			t.Log("this server's version-checked writes are not atomic; the guarantee comes from MongoDB itself (docs/storage.md)")
			testSequentialCAS(t, open(t))
			return
		}
		testConcurrentCAS(t, open(t))
	})
	t.Run("increments", func(t *testing.T) {
		if !caps.AtomicCAS {
			t.Log("increments rely on atomic version checks, which this server lacks")
			return
		}
		testIncrements(t, open(t))
	})
	t.Run("transactions", func(t *testing.T) {
		if !caps.Transactions {
			testNoTransactions(t, open(t))
			return
		}
		testTransactions(t, open(t))
	})
}

func testDeclare(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	type plain struct{ A string }
	if _, err := store.Declare[plain](ctx, db, "plain"); !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), "store.Meta") {
		t.Errorf("a type without Meta: %v", err)
	}
	if _, err := store.Declare[Case](ctx, db, "c1", store.Index{Name: "x", Fields: []string{"nope"}}); !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("an index on a missing field: %v", err)
	}
	if _, err := store.Declare[Case](ctx, db, "c2", store.Index{Name: "x", Fields: []string{"tags"}}); !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), "tags") {
		t.Errorf("an index on a list: %v", err)
	}
	if _, err := store.Declare[Case](ctx, db, "Bad Name"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a bad collection name: %v", err)
	}
	if _, err := store.Declare[Case](ctx, db, "c3", store.Index{Name: "a", Fields: []string{"guildId"}}, store.Index{Name: "a", Fields: []string{"kind"}}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("one index name twice: %v", err)
	}
	declareCases(t, db)
	if _, err := store.Declare[Case](ctx, db, "cases", store.Index{Name: "guild_number", Fields: []string{"guildId"}}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("an index redeclared differently: %v", err)
	}
}

func testCRUD(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	now := time.Now().UTC().Truncate(time.Millisecond)
	c := &Case{GuildID: "g1", Number: 1, Kind: "warn", CreatedAt: now, Tags: []string{"a"}}
	if err := cases.Insert(ctx, c); err != nil {
		t.Fatalf("insert: %v", err)
	}
	if c.ID == "" || c.Version != 1 {
		t.Fatalf("insert set id %q version %d, want an id and 1", c.ID, c.Version)
	}
	got, err := cases.Get(ctx, c.ID)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.ID != c.ID || got.Version != 1 || got.GuildID != "g1" || !got.CreatedAt.Equal(now) || !slices.Equal(got.Tags, []string{"a"}) {
		t.Fatalf("get returned %+v, want %+v", got, c)
	}
	if _, err := cases.Get(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("get of a missing id: %v, want ErrNotFound", err)
	}
	dup := &Case{Meta: store.Meta{ID: c.ID}, GuildID: "g1", Number: 2}
	if err := cases.Insert(ctx, dup); !store.IsDuplicate(err, "_id") {
		t.Errorf("insert of a taken id: %v, want a duplicate on _id", err)
	}

	got.Kind = "note"
	if err := cases.Replace(ctx, got); err != nil {
		t.Fatalf("replace: %v", err)
	}
	if got.Version != 2 {
		t.Errorf("replace left version %d, want 2", got.Version)
	}
	stale := *c // still at version 1
	stale.Kind = "kick"
	err = cases.Replace(ctx, &stale)
	var ce *store.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale replace: %v, want a *ConflictError", err)
	}
	if cur, ok := ce.Current.(*Case); !ok || cur.Version != 2 || cur.Kind != "note" {
		t.Errorf("conflict carries %#v, want the stored document at version 2", ce.Current)
	}
	if stale.Version != 1 {
		t.Errorf("a refused replace changed the version to %d", stale.Version)
	}
	ghost := &Case{Meta: store.Meta{ID: "ghost", Version: 1}, GuildID: "g1"}
	if err := cases.Replace(ctx, ghost); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("replace of a missing document: %v, want ErrNotFound", err)
	}

	if _, err := cases.Delete(ctx, c.ID, 1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("delete at a stale version: %v, want a conflict", err)
	}
	del, err := cases.Delete(ctx, c.ID, 2)
	if err != nil || del.Kind != "note" {
		t.Fatalf("delete: %v %+v", err, del)
	}
	if _, err := cases.Delete(ctx, c.ID, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete of a deleted document: %v, want ErrNotFound", err)
	}

	up, err := cases.Upsert(ctx, "fixed", func(d *Case, exists bool) error {
		if exists {
			t.Error("upsert of a new id says it exists")
		}
		d.GuildID, d.Number = "g9", 9
		return nil
	})
	if err != nil || up.ID != "fixed" || up.Version != 1 {
		t.Fatalf("upsert (insert): %v %+v", err, up)
	}
	up, err = cases.Upsert(ctx, "fixed", func(d *Case, exists bool) error {
		if !exists || d.Number != 9 {
			t.Errorf("upsert of a stored id: exists %v number %d", exists, d.Number)
		}
		d.Number = 10
		return nil
	})
	if err != nil || up.Version != 2 || up.Number != 10 {
		t.Fatalf("upsert (update): %v %+v", err, up)
	}
	boom := errors.New("boom")
	if _, err := cases.Update(ctx, "fixed", func(*Case) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("update whose function fails: %v", err)
	}
	if again, _ := cases.Get(ctx, "fixed"); again.Version != 2 {
		t.Errorf("a failed update wrote version %d", again.Version)
	}
	if _, err := cases.Update(ctx, "nothing", func(*Case) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of a missing id: %v", err)
	}
}

func testUnique(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	if err := cases.Insert(ctx, &Case{GuildID: "g", Number: 1}); err != nil {
		t.Fatal(err)
	}
	err := cases.Insert(ctx, &Case{GuildID: "g", Number: 1})
	var de *store.DuplicateKeyError
	if !errors.As(err, &de) || de.Index != "guild_number" {
		t.Fatalf("second case #1: %v, want a duplicate on guild_number", err)
	}
	if err := cases.Insert(ctx, &Case{GuildID: "h", Number: 1}); err != nil {
		t.Errorf("case #1 of another guild: %v", err)
	}
	// InsertMany is all or none.
	err = cases.InsertMany(ctx, &Case{GuildID: "g", Number: 2}, &Case{GuildID: "g", Number: 1})
	if !store.IsDuplicate(err, "guild_number") {
		t.Fatalf("a batch with a duplicate: %v", err)
	}
	if n, _ := cases.Count(ctx, store.Where("guildId", "g")); n != 1 {
		t.Errorf("a refused batch left %d cases in g, want 1", n)
	}
	// A replace onto a taken unique key is refused too.
	second := &Case{GuildID: "g", Number: 2}
	if err := cases.Insert(ctx, second); err != nil {
		t.Fatal(err)
	}
	second.Number = 1
	if err := cases.Replace(ctx, second); !store.IsDuplicate(err, "guild_number") {
		t.Errorf("replace onto a taken key: %v", err)
	}
}

func seed(t *testing.T, cases *store.Collection[Case], guild string, n int, base time.Time) []*Case {
	t.Helper()
	var out []*Case
	for i := 1; i <= n; i++ {
		c := &Case{GuildID: guild, Number: int64(i), Kind: []string{"warn", "ban"}[i%2],
			Target: fmt.Sprintf("u%d", i%3), CreatedAt: base.Add(time.Duration(i%7) * time.Minute), Open: i%4 == 0, Score: float64(i) / 2}
		if i%5 == 0 {
			exp := base.Add(time.Duration(i) * time.Hour)
			c.ExpiresAt = &exp
		}
		out = append(out, c)
	}
	if err := cases.InsertMany(context.Background(), out...); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return out
}

func numbers(cs []Case) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	return out
}

func testFind(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	seed(t, cases, "g", 30, base)
	seed(t, cases, "other", 5, base)

	newest, err := cases.Find(ctx, store.Where("guildId", "g").OrderBy("-number").Limit(3))
	if err != nil || !slices.Equal(numbers(newest), []int64{30, 29, 28}) {
		t.Errorf("newest three: %v %v", numbers(newest), err)
	}
	byTarget, err := cases.Find(ctx, store.Where("guildId", "g").Where("targetId", "u1").OrderBy("-number"))
	if err != nil || !slices.Equal(numbers(byTarget), []int64{28, 25, 22, 19, 16, 13, 10, 7, 4, 1}) {
		t.Errorf("by target: %v %v", numbers(byTarget), err)
	}
	// A residual equality (kind) on top of the guild_number prefix.
	bans, err := cases.Find(ctx, store.Where("guildId", "g").Where("kind", "ban").OrderBy("number").Limit(3))
	if err == nil && !slices.Equal(numbers(bans), []int64{1, 3, 5}) {
		t.Errorf("bans: %v", numbers(bans))
	}
	if err != nil && !errors.Is(err, store.ErrNoIndex) {
		t.Errorf("bans: %v", err)
	}
	// A time range, both ends, on the index (guildId, createdAt).
	in, err := cases.Find(ctx, store.Where("guildId", "g").Gte("createdAt", base.Add(2*time.Minute)).Lt("createdAt", base.Add(4*time.Minute)))
	if err != nil {
		t.Fatalf("time range: %v", err)
	}
	for _, c := range in {
		if c.CreatedAt.Before(base.Add(2*time.Minute)) || !c.CreatedAt.Before(base.Add(4*time.Minute)) {
			t.Errorf("time range returned %v", c.CreatedAt)
		}
	}
	if len(in) != 9 {
		t.Errorf("time range: %d cases, want 9", len(in))
	}
	for i := 1; i < len(in); i++ {
		if in[i].CreatedAt.Before(in[i-1].CreatedAt) {
			t.Errorf("time range not ascending at %d", i)
		}
	}
	// A boolean equality and a range on a nullable time: null never
	// matches a range.
	due, err := cases.Find(ctx, store.Where("open", false).Lt("expiresAt", base.Add(16*time.Hour)))
	if err != nil {
		t.Fatalf("due: %v", err)
	}
	if got := numbers(due); !slices.Equal(got, []int64{5, 5, 10, 15}) {
		t.Errorf("due: %v, want [5 5 10 15] (both guilds)", got)
	}
	one, err := cases.FindOne(ctx, store.Where("guildId", "g").Where("number", 7))
	if err != nil || one.Number != 7 {
		t.Errorf("find one: %v %v", one, err)
	}
	if _, err := cases.FindOne(ctx, store.Where("guildId", "g").Where("number", 99)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("find one of nothing: %v", err)
	}
}

func testPages(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	seed(t, cases, "g", 23, base)
	// createdAt repeats, so pages must break ties by id and lose nothing.
	for _, desc := range []bool{true, false} {
		order := "createdAt"
		if desc {
			order = "-createdAt"
		}
		var all []Case
		q := store.Where("guildId", "g").OrderBy(order).Limit(4)
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("pagination does not end")
			}
			p, err := cases.Page(ctx, q)
			if err != nil {
				t.Fatalf("page: %v", err)
			}
			all = append(all, p.Items...)
			if p.Next == "" {
				break
			}
			q = q.After(p.Next)
		}
		if len(all) != 23 {
			t.Fatalf("%s: pages held %d cases, want 23", order, len(all))
		}
		seen := map[int64]bool{}
		for i, c := range all {
			if seen[c.Number] {
				t.Errorf("%s: case %d twice", order, c.Number)
			}
			seen[c.Number] = true
			if i > 0 && desc && c.CreatedAt.After(all[i-1].CreatedAt) || i > 0 && !desc && c.CreatedAt.Before(all[i-1].CreatedAt) {
				t.Errorf("%s: out of order at %d", order, i)
			}
		}
	}
	// Pages over a unique index's last field.
	p1, err := cases.Page(ctx, store.Where("guildId", "g").OrderBy("-number").Limit(10))
	if err != nil || len(p1.Items) != 10 || p1.Next == "" {
		t.Fatalf("first page: %v %d", err, len(p1.Items))
	}
	p2, err := cases.Page(ctx, store.Where("guildId", "g").OrderBy("-number").Limit(10).After(p1.Next))
	if err != nil || p2.Items[0].Number != 13 {
		t.Fatalf("second page starts at %v (%v), want 13", numbers(p2.Items), err)
	}
	p3, _ := cases.Page(ctx, store.Where("guildId", "g").OrderBy("-number").Limit(10).After(p2.Next))
	if len(p3.Items) != 3 || p3.Next != "" {
		t.Errorf("last page: %v next %q", numbers(p3.Items), p3.Next)
	}
	if _, err := cases.Page(ctx, store.Where("guildId", "g").OrderBy("-number").After("garbage!")); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a forged cursor: %v", err)
	}
}

func testNoIndex(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	_, err := cases.Find(ctx, store.Where("kind", "warn").OrderBy("-createdAt"))
	if !errors.Is(err, store.ErrNoIndex) || !strings.Contains(err.Error(), `Fields: []string{"kind", "createdAt"}`) {
		t.Errorf("a query on no index: %v; want ErrNoIndex naming the index to declare", err)
	}
	if _, err := cases.Find(ctx, store.Where("score", 1.5)); !errors.Is(err, store.ErrNoIndex) {
		t.Errorf("an equality on an unindexed field: %v", err)
	}
	if _, err := cases.Count(ctx, store.Where("guildId", "g").Lt("score", 3)); !errors.Is(err, store.ErrNoIndex) {
		t.Errorf("a range off the index: %v", err)
	}
	if _, err := cases.Find(ctx, store.Where("guildId", "g").Gt("createdAt", time.Now()).OrderBy("number")); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a range with another order: %v", err)
	}
}

func testCountDeleteMany(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	seed(t, cases, "g", 20, base)
	seed(t, cases, "h", 4, base)
	if n, err := cases.Count(ctx, store.Where("guildId", "g")); err != nil || n != 20 {
		t.Errorf("count: %d %v", n, err)
	}
	if n, err := cases.Count(ctx, store.Where("guildId", "g").Gt("number", 15)); err != nil || n != 5 {
		t.Errorf("count over a range: %d %v", n, err)
	}
	n, err := cases.DeleteMany(ctx, store.Where("guildId", "g").Lte("number", 10).Limit(4))
	if err != nil || n != 4 {
		t.Fatalf("delete many with a limit: %d %v", n, err)
	}
	left, _ := cases.Find(ctx, store.Where("guildId", "g").OrderBy("number").Limit(1))
	if len(left) != 1 || left[0].Number != 5 {
		t.Errorf("delete many took the wrong end: first left is %v", numbers(left))
	}
	if n, _ := cases.DeleteMany(ctx, store.Where("guildId", "g")); n != 16 {
		t.Errorf("delete many: %d, want 16", n)
	}
	if n, _ := cases.Count(ctx, store.Where("guildId", "h")); n != 4 {
		t.Errorf("another guild lost cases: %d left", n)
	}
}

func testNumbered(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	const per = 15
	var wg sync.WaitGroup
	errs := make(chan error, 2*per)
	for _, g := range []string{"a", "b"} {
		for range per {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &Case{GuildID: g, Kind: "warn"}
				n, err := cases.InsertNumbered(ctx, c, "number")
				if err == nil && (n != c.Number || c.Version != 1) {
					err = fmt.Errorf("returned %d, document has %d at version %d", n, c.Number, c.Version)
				}
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("numbered insert: %v", err)
		}
	}
	for _, g := range []string{"a", "b"} {
		all, err := cases.Find(ctx, store.Where("guildId", g).OrderBy("number"))
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range all {
			if c.Number != int64(i+1) {
				t.Fatalf("guild %s: numbers %v, want 1..%d with no gap", g, numbers(all), per)
			}
		}
	}
	// A refused insert claims no number.
	taken := &Case{Meta: store.Meta{ID: "taken"}, GuildID: "a"}
	if _, err := cases.InsertNumbered(ctx, taken, "number"); err != nil {
		t.Fatal(err)
	}
	again := &Case{Meta: store.Meta{ID: "taken"}, GuildID: "a"}
	if _, err := cases.InsertNumbered(ctx, again, "number"); !store.IsDuplicate(err, "_id") {
		t.Fatalf("numbered insert of a taken id: %v", err)
	}
	next := &Case{GuildID: "a"}
	if n, err := cases.InsertNumbered(ctx, next, "number"); err != nil || n != per+2 {
		t.Errorf("after a refused insert: number %d (%v), want %d", n, err, per+2)
	}
	if _, err := cases.InsertNumbered(ctx, &Case{GuildID: "a"}, "kind"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("numbering a field no unique index ends with: %v", err)
	}
}

func testRedeclare(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	first, err := store.Declare[Case](ctx, db, "grow", store.Index{Name: "guild", Fields: []string{"guildId"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.InsertMany(ctx, &Case{GuildID: "g", Kind: "ban"}, &Case{GuildID: "g", Kind: "warn"}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Find(ctx, store.Where("kind", "ban")); !errors.Is(err, store.ErrNoIndex) {
		t.Fatalf("kind before its index: %v", err)
	}
	second, err := store.Declare[Case](ctx, db, "grow", store.Index{Name: "kind", Fields: []string{"kind"}})
	if err != nil {
		t.Fatalf("redeclare with a new index: %v", err)
	}
	got, err := second.Find(ctx, store.Where("kind", "ban"))
	if err != nil || len(got) != 1 {
		t.Errorf("documents written before the index was declared: %v %v", got, err)
	}
	if n, err := second.Count(ctx, store.Where("guildId", "g")); err != nil || n != 2 {
		t.Errorf("the first index after a redeclare: %d %v", n, err)
	}
}

func testCatalogue(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	seed(t, cases, "g", 7, time.Now())
	specs, err := db.Driver().Collections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found *store.Spec
	for i := range specs {
		if specs[i].Name == "cases" {
			found = &specs[i]
		}
	}
	if found == nil || len(found.Indexes) != len(caseIndexes) {
		t.Fatalf("catalogue: %+v", specs)
	}
	if f, ok := found.Field("createdAt"); !ok || f.Kind != store.KindTime {
		t.Errorf("catalogue lost the kind of createdAt: %+v", found.Fields)
	}
	var ids []string
	after := ""
	for {
		rows, err := db.Driver().Scan(ctx, "cases", after, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
			if r.Version != 1 || len(r.Doc) == 0 {
				t.Errorf("scan row %+v", r)
			}
		}
		after = rows[len(rows)-1].ID
	}
	if len(ids) != 7 || !slices.IsSorted(ids) {
		t.Errorf("scan: %v", ids)
	}
}

func testSequentialCAS(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	w, err := store.Declare[Wallet](ctx, db, "wallets")
	if err != nil {
		t.Fatal(err)
	}
	doc := &Wallet{Meta: store.Meta{ID: "w"}}
	if err := w.Insert(ctx, doc); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		a, _ := w.Get(ctx, "w")
		b, _ := w.Get(ctx, "w")
		a.Coins++
		if err := w.Replace(ctx, a); err != nil {
			t.Fatalf("round %d first: %v", i, err)
		}
		b.Coins++
		if err := w.Replace(ctx, b); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("round %d second write of the same version: %v, want a conflict", i, err)
		}
	}
}

// testConcurrentCAS: writers race to replace one version; exactly one wins
// each round.
func testConcurrentCAS(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	w, err := store.Declare[Wallet](ctx, db, "wallets")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Insert(ctx, &Wallet{Meta: store.Meta{ID: "w"}}); err != nil {
		t.Fatal(err)
	}
	const writers = 16
	for round := range 10 {
		cur, err := w.Get(ctx, "w")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make(chan error, writers)
		for i := range writers {
			mine := *cur
			mine.Coins = int64(i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				results <- w.Replace(ctx, &mine)
			}()
		}
		wg.Wait()
		close(results)
		wins := 0
		for err := range results {
			switch {
			case err == nil:
				wins++
			case errors.Is(err, store.ErrConflict):
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d writers won the same version, want exactly 1", round, wins)
		}
	}
}

func testIncrements(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	w, err := store.Declare[Wallet](ctx, db, "wallets")
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := w.Upsert(ctx, "counter", func(d *Wallet, _ bool) error { d.Coins++; return nil }); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("increment: %v", err)
	}
	got, err := w.Get(ctx, "counter")
	if err != nil || got.Coins != workers*each {
		t.Fatalf("counter %d (%v), want %d: an increment was lost", got.Coins, err, workers*each)
	}
}

var errInsufficient = errors.New("insufficient funds")

// Transfer moves coins between wallets in one transaction.
func Transfer(ctx context.Context, db *store.DB, w *store.Collection[Wallet], from, to string, amount int64) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		a, err := w.Get(ctx, from)
		if err != nil {
			return err
		}
		if a.Coins < amount {
			return errInsufficient
		}
		a.Coins -= amount
		if err := w.Replace(ctx, a); err != nil {
			return err
		}
		_, err = w.Update(ctx, to, func(b *Wallet) error { b.Coins += amount; return nil })
		return err
	})
}

func testTransactions(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	w, err := store.Declare[Wallet](ctx, db, "wallets")
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"a", "b", "c"}
	for _, id := range ids {
		if err := w.Insert(ctx, &Wallet{Meta: store.Meta{ID: id}, Coins: 100}); err != nil {
			t.Fatal(err)
		}
	}
	// An error inside rolls back everything written before it.
	boom := errors.New("boom")
	err = db.Tx(ctx, func(ctx context.Context) error {
		if _, err := w.Update(ctx, "a", func(d *Wallet) error { d.Coins = 0; return nil }); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("tx: %v", err)
	}
	if a, _ := w.Get(ctx, "a"); a.Coins != 100 {
		t.Fatalf("a failed transaction left a at %d", a.Coins)
	}
	// Concurrent transfers neither double-spend nor lose coins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, refused := 0, 0
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := ids[i%3], ids[(i+1)%3]
			for {
				err := Transfer(ctx, db, w, from, to, 30)
				if errors.Is(err, store.ErrConflict) {
					continue // another transfer won the race; try again
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					done++
				case errors.Is(err, errInsufficient):
					refused++
				default:
					t.Errorf("transfer: %v", err)
				}
				return
			}
		}()
	}
	wg.Wait()
	var total int64
	for _, id := range ids {
		d, err := w.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Coins < 0 {
			t.Errorf("wallet %s went negative: %d", id, d.Coins)
		}
		total += d.Coins
	}
	if total != 300 {
		t.Errorf("coins after %d transfers (%d refused): %d, want 300", done, refused, total)
	}
	if done == 0 {
		t.Error("no transfer went through")
	}
}

func testNoTransactions(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	w, err := store.Declare[Wallet](ctx, db, "wallets")
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	err = db.Tx(ctx, func(ctx context.Context) error {
		ran = true
		return w.Insert(ctx, &Wallet{Meta: store.Meta{ID: "x"}})
	})
	if !errors.Is(err, store.ErrTxUnsupported) {
		t.Fatalf("tx on a server without transactions: %v, want ErrTxUnsupported", err)
	}
	if _, err := w.Get(ctx, "x"); ran && !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused transaction wrote: %v", err)
	}
}
