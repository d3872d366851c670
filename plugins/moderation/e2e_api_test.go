package moderation_test

import (
	"net/http"
	"testing"

	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/moderation"
)

// TestPresetsAndInfractionFiltersOverHTTP covers the preset routes and the
// infraction filters, with each write's event checked on a dashboard.
func TestPresetsAndInfractionFiltersOverHTTP(t *testing.T) {
	w := startWorld(t, "", "1h")
	dash := w.g.Dashboard(t, owner)

	preset := map[string]any{"name": "Ours", "description": "links", "rules": []any{map[string]any{
		"name": "No shady links", "enabled": true, "trigger": map[string]any{"type": "links", "domains": []string{"shady.example"}},
		"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}, "minAccountAgeDays": 0},
		"actions":    []any{map[string]any{"type": "delete"}}}}}
	var p moderation.Preset
	if st := w.api(t, owner, "POST", "/presets", preset, &p); st != http.StatusCreated || p.Version != 1 || p.UpdatedBy != owner.String() {
		t.Fatalf("POST presets: %d %+v", st, p)
	}
	preset["description"], preset["version"] = "shady links", 1
	if st := w.api(t, owner, "PUT", "/presets/"+p.ID, preset, &p); st != http.StatusOK || p.Version != 2 {
		t.Fatalf("PUT preset: %d %+v", st, p)
	}
	steps := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"stale preset", "PUT", "/presets/" + p.ID, preset, http.StatusConflict},
		{"built-in presets are read-only", "DELETE", "/presets/builtin-basic", nil, http.StatusBadRequest},
		{"unknown preset", "POST", "/presets/0123456789abcdef01234567/apply", nil, http.StatusNotFound},
		{"apply", "POST", "/presets/" + p.ID + "/apply", nil, http.StatusOK},
		{"delete", "DELETE", "/presets/" + p.ID, nil, http.StatusNoContent},
		{"delete again", "DELETE", "/presets/" + p.ID, nil, http.StatusNotFound},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if got := w.api(t, owner, st.method, st.path, st.body, nil); got != st.status {
				t.Fatalf("%s %s: %d, want %d", st.method, st.path, got, st.status)
			}
		})
	}
	if d := plugintest.Decode[moderation.Deleted](t, dash.WaitCount(t, "moderation:preset_deleted", 1)[0]); d.ID != p.ID || d.UpdatedBy != owner.String() {
		t.Fatalf("preset_deleted: %+v", d)
	}
	dash.WaitCount(t, "moderation:preset_created", 1)
	dash.WaitCount(t, "moderation:preset_updated", 1)
	if r := plugintest.Decode[moderation.Rule](t, dash.WaitCount(t, "moderation:rule_created", 1)[0]); r.PresetID != p.ID {
		t.Fatalf("applied rule: %+v", r)
	}

	for _, body := range []map[string]any{
		{"type": "note", "userId": alice.String(), "reason": "watch"},
		{"type": "warn", "userId": alice.String()},
		{"type": "warn", "userId": bob.String()},
	} {
		if st := w.api(t, member, "POST", "/infractions", body, nil); st != http.StatusForbidden {
			t.Fatalf("a member without dashboard access: %d", st)
		}
		if st := w.api(t, owner, "POST", "/infractions", body, nil); st != http.StatusCreated {
			t.Fatalf("POST infractions %v: %d", body, st)
		}
	}
	w.api(t, owner, "PATCH", "/infractions/2", map[string]any{"status": "appealed"}, nil)
	filters := []struct {
		query string
		want  []int64
	}{
		{"?type=warn", []int64{3, 2}},
		{"?status=appealed", []int64{2}},
		{"?user=" + alice.String() + "&type=note", []int64{1}},
		{"?user=" + bob.String() + "&status=pardoned", nil},
	}
	for _, f := range filters {
		var page moderation.CasePage
		if st := w.api(t, owner, "GET", "/infractions"+f.query, nil, &page); st != http.StatusOK || len(page.Items) != len(f.want) {
			t.Fatalf("GET infractions%s: %d %+v", f.query, st, page)
		}
		for i, in := range page.Items {
			if in.Number != f.want[i] {
				t.Fatalf("GET infractions%s: case %d, want %d", f.query, in.Number, f.want[i])
			}
		}
	}
}
