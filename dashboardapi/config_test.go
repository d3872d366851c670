package dashboardapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Two staff read the settings at the same version and both save: the
// first wins, the second gets 409 with the first one's document, and the
// audit log holds one entry with the before and after.
func TestSettingsConcurrentEdit(t *testing.T) {
	e := start(t, nil)
	path := "/api/guilds/" + guildID + "/dashboard/settings"
	var doc map[string]any
	e.do("GET", path, ownerID, nil).decode(t, &doc)
	if doc["version"] != 0.0 || doc["locale"] != "en-US" || doc["timezone"] != "UTC" {
		t.Fatalf("defaults: %v", doc)
	}
	first := map[string]any{"version": 0, "locale": "de-DE", "timezone": "Europe/Berlin", "dateFormat": "absolute"}
	second := map[string]any{"version": 0, "locale": "fr-FR", "timezone": "Europe/Paris", "dateFormat": "relative"}
	r1 := e.do("PUT", path, ownerID, first)
	r2 := e.do("PUT", path, adminID, second)
	if r1.status != 200 || r2.status != 409 {
		t.Fatalf("statuses %d, %d: %s / %s", r1.status, r2.status, r1.body, r2.body)
	}
	var saved map[string]any
	r1.decode(t, &saved)
	if saved["version"] != 1.0 || saved["locale"] != "de-DE" || saved["updatedBy"] != ownerID {
		t.Fatalf("saved: %s", r1.body)
	}
	var conflict struct {
		Error struct {
			Code    string
			Message string
			Current map[string]any
		}
	}
	r2.decode(t, &conflict)
	if conflict.Error.Code != "CONFLICT" || conflict.Error.Current["locale"] != "de-DE" || conflict.Error.Current["updatedBy"] != ownerID {
		t.Fatalf("conflict: %s", r2.body)
	}
	second["version"] = 1
	if r := e.do("PUT", path, adminID, second); r.status != 200 || !strings.Contains(string(r.body), `"version":2`) {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	var names []string
	for _, ev := range e.events(guildID) {
		names = append(names, ev.Name)
	}
	if len(names) != 2 || names[0] != "dashboard:settings_updated" {
		t.Fatalf("events %v", names)
	}

	var page struct {
		Entries []struct {
			UserID, Plugin, Action string
			Before, After          json.RawMessage
		}
		NextCursor *string
	}
	e.do("GET", "/api/guilds/"+guildID+"/dashboard/audit", ownerID, nil).decode(t, &page)
	if len(page.Entries) != 2 || page.NextCursor != nil {
		t.Fatalf("audit: %+v", page)
	}
	newest := page.Entries[0]
	if newest.UserID != adminID || newest.Action != "settings.update" || !strings.Contains(string(newest.Before), "de-DE") || !strings.Contains(string(newest.After), "fr-FR") {
		t.Fatalf("newest audit entry: %+v", newest)
	}
}

func TestSettingsValidation(t *testing.T) {
	e := start(t, nil)
	path := "/api/guilds/" + guildID + "/dashboard/settings"
	cases := []struct {
		name string
		body string
		want string
	}{
		{"bad timezone", `{"version":0,"locale":"en-US","timezone":"Mars/Base","dateFormat":"relative"}`, "timezone"},
		{"unknown field", `{"version":0,"locale":"en-US","timezone":"UTC","dateFormat":"relative","colour":"red"}`, `unknown field \"colour\"`},
		{"wrong type", `{"version":"1"}`, `version`},
		{"not JSON", `{`, "malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("PUT", path, ownerID, tc.body)
			if r.status != 400 || !strings.Contains(string(r.body), tc.want) {
				t.Fatalf("%d %s, want 400 naming %q", r.status, r.body, tc.want)
			}
		})
	}
}

// A plugin with a GuildConfigurer gets GET|PUT .../config with its
// config_updated event and an audit entry.
func TestPluginConfigRoute(t *testing.T) {
	e := start(t, nil)
	path := "/api/guilds/" + guildID + "/apitest/config"
	if r := e.do("PUT", path, ownerID, map[string]any{"version": 0, "threshold": 5}); r.status != 200 {
		t.Fatalf("put: %d %s", r.status, r.body)
	}
	var doc map[string]any
	e.do("GET", path, ownerID, nil).decode(t, &doc)
	if doc["threshold"] != 5.0 || doc["version"] != 1.0 {
		t.Fatalf("get: %v", doc)
	}
	evs := e.events(guildID)
	if len(evs) != 1 || evs[0].Name != "apitest:config_updated" || !strings.Contains(string(evs[0].Data), `"updatedBy":"`+ownerID) {
		t.Fatalf("events: %+v", evs)
	}
	var page struct {
		Entries []struct{ Plugin, Action string }
	}
	e.do("GET", "/api/guilds/"+guildID+"/dashboard/audit", ownerID, nil).decode(t, &page)
	if len(page.Entries) != 1 || page.Entries[0].Plugin != "apitest" || page.Entries[0].Action != "config.update" {
		t.Fatalf("audit: %+v", page)
	}
}

func TestAuditPagination(t *testing.T) {
	e := start(t, nil)
	for i := 0; i < 5; i++ {
		if r := e.do("POST", "/api/guilds/"+guildID+"/dashboard/grants", ownerID, map[string]any{"roleId": modRoleID}); r.status != 201 {
			t.Fatalf("grant: %d %s", r.status, r.body)
		}
	}
	seen := 0
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		path := "/api/guilds/" + guildID + "/dashboard/audit?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		var page struct {
			Entries    []struct{ ID, Action string }
			NextCursor *string
		}
		e.do("GET", path, ownerID, nil).decode(t, &page)
		seen += len(page.Entries)
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if seen != 5 {
		t.Fatalf("paged through %d entries, want 5", seen)
	}
	if r := e.do("GET", "/api/guilds/"+guildID+"/dashboard/audit?limit=1000", ownerID, nil); r.status != http.StatusBadRequest {
		t.Fatalf("limit over max: %d", r.status)
	}
	if r := e.do("GET", "/api/guilds/"+guildID+"/dashboard/audit?cursor=zzz", ownerID, nil); r.status != http.StatusBadRequest {
		t.Fatalf("bad cursor: %d", r.status)
	}
}
