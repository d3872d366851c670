package dashboardapi_test

import (
	"net/http"
	"testing"

	"github.com/warden-bot/warden/core"
)

// Grants and the audit log are the core's: with the dashboard plugin
// turned off, a grant still lets its holder in and the change is audited.
func TestGrantsAndAuditWithoutTheDashboardPlugin(t *testing.T) {
	off := false
	e := start(t, func(c *core.Config) {
		c.Plugins = map[string]core.PluginConfig{core.DashboardPlugin: {Enabled: &off}}
	})
	if _, ok := e.core.Plugin(core.DashboardPlugin); ok {
		t.Fatal("the dashboard plugin runs though disabled")
	}
	if r := e.do("GET", "/api/guilds/"+guildID+"/apitest/config", memberID, nil); r.status != http.StatusForbidden {
		t.Fatalf("before the grant: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/api/guilds/"+guildID+"/dashboard/grants", ownerID, map[string]any{"userId": memberID}); r.status != http.StatusCreated {
		t.Fatalf("grant: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/api/guilds/"+guildID+"/apitest/config", memberID, nil); r.status != http.StatusOK {
		t.Fatalf("with the grant: %d %s", r.status, r.body)
	}
	var page core.AuditPage
	e.do("GET", "/api/guilds/"+guildID+"/dashboard/audit", ownerID, nil).decode(t, &page)
	if len(page.Entries) != 1 || page.Entries[0].Action != "grant.create" || page.Entries[0].UserID != ownerID || len(page.Entries[0].After) == 0 {
		t.Fatalf("audit: %+v", page)
	}
	if r := e.do("GET", "/api/guilds/"+guildID+"/dashboard/settings", ownerID, nil); r.status != http.StatusNotFound {
		t.Fatalf("settings of a disabled plugin: %d %s", r.status, r.body)
	}
}
