package sqlitestore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
)

type planDoc struct {
	store.Meta
	GuildID   string    `json:"guildId"`
	Number    int64     `json:"number"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"createdAt"`
}

// TestQueriesRunOnTheirIndex asks SQLite how it runs each shape of query
// the store sends: every one searches its declared index, and none sorts
// in a temporary B-tree.
func TestQueriesRunOnTheirIndex(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	db := store.New(d)
	defer db.Close()
	if _, err := store.Declare[planDoc](ctx, db, "docs",
		store.Index{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true},
		store.Index{Name: "guild_created", Fields: []string{"guildId", "-createdAt"}},
		store.Index{Name: "status_created", Fields: []string{"status", "createdAt"}},
	); err != nil {
		t.Fatal(err)
	}
	spec := d.spec("docs")
	now := time.Now()
	after := "WyIyMDI2IiwiaWQiXQ" // ["2026","id"]
	for _, tc := range []struct {
		name string
		q    store.Query
		ix   string
		seek string // a constraint the index search must use, if any
	}{
		{"newest by number", store.Where("guildId", "g").OrderBy("-number").Limit(50), "guild_number", ""},
		{"a page after a number", store.Where("guildId", "g").OrderBy("-number").Limit(50).After(after), "guild_number", "k:number<?"},
		{"newest by time", store.Where("guildId", "g").OrderBy("-createdAt").Limit(50), "guild_created", ""},
		{"a page after a time", store.Where("guildId", "g").OrderBy("-createdAt").Limit(50).After(after), "guild_created", "(k:createdAt,id)<(?,?)"},
		{"a time range", store.Where("guildId", "g").Gte("createdAt", now).Lt("createdAt", now.Add(time.Hour)), "guild_created", ""},
		{"due by status", store.Where("status", "active").Lte("createdAt", now).Limit(200), "status_created", ""},
		{"one by number", store.Where("guildId", "g").Where("number", 7), "guild_number", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := store.PlanFor(tc.q, &spec)
			if err != nil {
				t.Fatal(err)
			}
			from, order, args := d.query("docs", p, true)
			q := `EXPLAIN QUERY PLAN SELECT id, v, doc` + from + order
			if p.Limit > 0 {
				q += " LIMIT 51"
			}
			rows, err := d.r.QueryContext(ctx, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			text := strings.Join(plan, "; ")
			if !strings.Contains(text, `USING INDEX docs/`+tc.ix) && !strings.Contains(text, `USING COVERING INDEX docs/`+tc.ix) {
				t.Errorf("plan %q does not search index %s", text, tc.ix)
			}
			if tc.seek != "" && !strings.Contains(text, tc.seek) {
				t.Errorf("plan %q does not seek to the cursor (%s)", text, tc.seek)
			}
			if strings.Contains(text, "TEMP B-TREE") || strings.Contains(text, "SCAN") {
				t.Errorf("plan %q scans or sorts", text)
			}
		})
	}
}
