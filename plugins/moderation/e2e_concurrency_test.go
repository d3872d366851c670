package moderation_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentSavesOfOneVersion has several staff save the same version
// of a document at once, round after round, for each versioned document a
// guild has: exactly one save wins (200) and every other gets 409, so no
// edit is ever lost silently.
func TestConcurrentSavesOfOneVersion(t *testing.T) {
	w := startWorld(t, "", "1h")
	staff := w.g.As(t, owner)
	// call runs in the writers' goroutines: it returns errors, never fails t.
	call := func(method, path string, body any) (int, map[string]any, error) {
		var doc map[string]any
		st, err := staff.Do(method, path, body, &doc)
		return st, doc, err
	}

	var rule, preset map[string]any
	ruleBody := func(name string) map[string]any {
		return map[string]any{"name": name, "enabled": true, "trigger": map[string]any{"type": "invites"},
			"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}, "minAccountAgeDays": 0},
			"actions":    []any{map[string]any{"type": "delete"}}}
	}
	if st := w.api(t, owner, "POST", "/rules", ruleBody("first"), &rule); st != http.StatusCreated {
		t.Fatalf("POST rule: %d", st)
	}
	if st := w.api(t, owner, "POST", "/presets", map[string]any{"name": "Ours", "description": "", "rules": []any{ruleBody("x")}}, &preset); st != http.StatusCreated {
		t.Fatalf("POST preset: %d", st)
	}

	docs := []struct {
		name string
		path string
		// edit returns writer i's version of the document read.
		edit func(doc map[string]any, round, i int) map[string]any
	}{
		{"dashboard settings", "dashboard/settings", func(d map[string]any, round, i int) map[string]any {
			d["locale"] = []string{"en-US", "de-DE", "fr-FR", "es-ES"}[i%4]
			return d
		}},
		{"moderation config", "moderation/config", func(d map[string]any, round, i int) map[string]any {
			d["pointsExpireDays"] = round*10 + i + 1
			return d
		}},
		{"an automod rule", "moderation/rules/" + rule["id"].(string), func(d map[string]any, round, i int) map[string]any {
			b := ruleBody(fmt.Sprintf("rule %d-%d", round, i))
			b["version"] = d["version"]
			return b
		}},
		{"a preset", "moderation/presets/" + preset["id"].(string), func(d map[string]any, round, i int) map[string]any {
			return map[string]any{"name": "Ours", "description": fmt.Sprintf("%d-%d", round, i), "rules": d["rules"], "version": d["version"]}
		}},
	}
	const writers, rounds = 8, 6
	for _, doc := range docs {
		t.Run(doc.name, func(t *testing.T) {
			for round := range rounds {
				read := func() map[string]any {
					if doc.name == "a preset" { // presets are read from their list
						return findPreset(t, w, preset["id"].(string))
					}
					st, d, err := call("GET", doc.path, nil)
					if err != nil || st != http.StatusOK {
						t.Fatalf("GET: %d %v", st, err)
					}
					return d
				}
				before := read()
				version := before["version"].(float64)
				var wg sync.WaitGroup
				statuses := make([]int, writers)
				errs := make([]error, writers)
				for i := range writers {
					body := doc.edit(clone(before), round, i)
					wg.Add(1)
					go func() {
						defer wg.Done()
						statuses[i], _, errs[i] = call("PUT", doc.path, body)
					}()
				}
				wg.Wait()
				won, lost := 0, 0
				for i, st := range statuses {
					switch {
					case errs[i] != nil:
						t.Fatalf("round %d: %v", round, errs[i])
					case st == http.StatusOK:
						won++
					case st == http.StatusConflict:
						lost++
					default:
						t.Fatalf("round %d: writer %d got %d", round, i, st)
					}
				}
				if won != 1 || lost != writers-1 {
					t.Fatalf("round %d: %d saves won and %d got 409, want exactly 1 and %d", round, won, lost, writers-1)
				}
				if after := read(); after["version"].(float64) != version+1 {
					t.Fatalf("round %d: version %v after one winning save at %v", round, after["version"], version)
				}
			}
		})
	}
}

func findPreset(t *testing.T, w *world, id string) map[string]any {
	t.Helper()
	var all []map[string]any
	if st := w.api(t, owner, "GET", "/presets", nil, &all); st != http.StatusOK {
		t.Fatalf("GET presets: %d", st)
	}
	for _, p := range all {
		if p["id"] == id {
			return p
		}
	}
	t.Fatalf("preset %s not listed", id)
	return nil
}

func clone(m map[string]any) map[string]any {
	raw, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}
