package moderation_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/plugins/moderation"
)

// A rule written through the API is audited by the write itself, with the
// rule before and after; a stale save is a 409 carrying the stored rule;
// unknown list parameters and body fields are 400s.
func TestRuleWritesAreAuditedWithBeforeAndAfter(t *testing.T) {
	w := startWorld(t, "", "1h")
	rule := map[string]any{"name": "Audited", "enabled": true, "trigger": map[string]any{"type": "invites"},
		"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}, "minAccountAgeDays": 0},
		"actions":    []any{map[string]any{"type": "delete"}}}
	var r moderation.Rule
	if st := w.api(t, owner, "POST", "/rules", rule, &r); st != http.StatusCreated {
		t.Fatalf("POST rule: %d", st)
	}
	rule["version"], rule["name"] = r.Version, "Audited twice"
	if st := w.api(t, owner, "PUT", "/rules/"+r.ID, rule, &r); st != http.StatusOK || r.Version != 2 {
		t.Fatalf("PUT rule: %d %+v", st, r)
	}
	var stale struct {
		Error struct {
			Code    string
			Current moderation.Rule
		}
	}
	if st := w.api(t, owner, "PUT", "/rules/"+r.ID, rule, &stale); st != http.StatusConflict || stale.Error.Current.Version != 2 || stale.Error.Current.Name != "Audited twice" {
		t.Fatalf("stale PUT: %d %+v", st, stale)
	}
	for path, want := range map[string]int{"/rules?color=red": 400, "/rules?enabled=maybe": 400, "/rules?enabled=true&limit=1": 200} {
		if st := w.api(t, owner, "GET", path, nil, nil); st != want {
			t.Fatalf("GET %s: %d, want %d", path, st, want)
		}
	}
	rule["color"] = "red"
	if st := w.api(t, owner, "POST", "/rules", rule, nil); st != http.StatusBadRequest {
		t.Fatalf("unknown field: %d", st)
	}

	var page core.AuditPage
	if st := w.g.Call(t, owner, "GET", "dashboard/audit", nil, &page); st != http.StatusOK || len(page.Entries) != 2 {
		t.Fatalf("audit: %d %+v", st, page)
	}
	upd, created := page.Entries[0], page.Entries[1]
	var before, after moderation.Rule
	_ = json.Unmarshal(upd.Before, &before)
	_ = json.Unmarshal(upd.After, &after)
	if upd.Action != "rule.update" || upd.Plugin != "moderation" || upd.UserID != owner.String() ||
		before.Version != 1 || before.Name != "Audited" || after.Version != 2 || after.Name != "Audited twice" {
		t.Fatalf("update entry: %+v", upd)
	}
	if created.Action != "rule.create" || created.Before != nil || len(created.After) == 0 {
		t.Fatalf("create entry: %+v", created)
	}
}
