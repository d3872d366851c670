package storetest

import (
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// testNullPages pages both ways over an order field that is null in some
// documents: nulls sort first ascending and last descending, and no page
// loses or repeats one.
func testNullPages(t *testing.T, db *store.DB) {
	ctx := ctxT(t)
	cases := declareCases(t, db)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	seed(t, cases, "g", 23, base) // every fifth case expires; open when i%4 == 0
	want := 0
	all, err := cases.Find(ctx, store.Where("open", false))
	if err != nil {
		t.Fatal(err)
	}
	want = len(all)
	for _, order := range []string{"expiresAt", "-expiresAt"} {
		var got []Case
		q := store.Where("open", false).OrderBy(order).Limit(3)
		for pages := 0; ; pages++ {
			if pages > 20 {
				t.Fatal("pagination does not end")
			}
			p, err := cases.Page(ctx, q)
			if err != nil {
				t.Fatalf("%s page: %v", order, err)
			}
			got = append(got, p.Items...)
			if p.Next == "" {
				break
			}
			q = q.After(p.Next)
		}
		if len(got) != want {
			t.Fatalf("%s: pages held %d cases, want %d", order, len(got), want)
		}
		seen := map[string]bool{}
		for i, c := range got {
			if seen[c.ID] {
				t.Errorf("%s: case %d twice", order, c.Number)
			}
			seen[c.ID] = true
			if i == 0 {
				continue
			}
			prev := got[i-1].ExpiresAt
			cur := c.ExpiresAt
			switch {
			case order == "expiresAt" && prev != nil && (cur == nil || cur.Before(*prev)):
				t.Errorf("%s: out of order at %d (nulls first, then ascending)", order, i)
			case order == "-expiresAt" && prev == nil && cur != nil,
				order == "-expiresAt" && prev != nil && cur != nil && cur.After(*prev):
				t.Errorf("%s: out of order at %d (descending, then nulls)", order, i)
			}
		}
	}
}
