package dashboardapi_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// apiother is a second plugin with a config document, so that a grant
// limited to apitest has another plugin's events to leave out.
type apiother struct {
	cfg *core.GuildConfig[apiotherConfig, *apiotherConfig]
}

type apiotherConfig struct {
	core.ConfigMeta `bson:",inline"`
	Label           string `json:"label" bson:"label"`
}

func init() {
	core.RegisterPlugin(core.PluginInfo{ID: "apiother", Name: "API other", New: func() core.Plugin { return &apiother{} }})
}

func (p *apiother) PluginInfo() core.PluginInfo {
	info, _ := core.LookupPlugin("apiother")
	return info
}

func (p *apiother) Provision(pc *core.Context) error {
	p.cfg = core.NewGuildConfig[apiotherConfig](pc, func(string) apiotherConfig { return apiotherConfig{Label: "x"} })
	return nil
}

func (p *apiother) Events() []core.EventSpec {
	return []core.EventSpec{{Name: "apiother:config_updated", Description: "test", Example: map[string]any{}}}
}

func (p *apiother) GuildConfig() core.ConfigStore { return p.cfg }

// wsFrame is a gateway frame as a dashboard decodes it.
type wsFrame struct {
	Event   string         `json:"event"`
	GuildID string         `json:"guildId"`
	Data    map[string]any `json:"data"`
}

// dashboard is a gateway client logged in the way the page does it: a
// ws-token from the API, then the auth frame.
type dashboard struct {
	t  *testing.T
	ws *websocket.Conn
	// last is the "authenticated" frame openDashboard read.
	last wsFrame
}

func (e *simEnv) openDashboard(t *testing.T, user string) *dashboard {
	t.Helper()
	var tok struct{ Token string }
	e.do("GET", "/api/auth/ws-token", user, nil).decode(t, &tok)
	ws, rs, err := websocket.DefaultDialer.Dial(e.wsURL, http.Header{"Origin": {testOrigin}})
	if err != nil {
		t.Fatalf("dial gateway: %v (%v)", err, rs)
	}
	t.Cleanup(func() { _ = ws.Close() })
	d := &dashboard{t: t, ws: ws}
	d.expect("connected")
	d.send(map[string]any{"type": "auth", "token": tok.Token})
	d.last = d.expect("authenticated")
	return d
}

func (d *dashboard) send(v any) {
	d.t.Helper()
	if err := d.ws.WriteJSON(v); err != nil {
		d.t.Fatalf("write: %v", err)
	}
}

func (d *dashboard) next() wsFrame {
	d.t.Helper()
	_ = d.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, raw, err := d.ws.ReadMessage()
	if err != nil {
		d.t.Fatalf("read: %v", err)
	}
	var f wsFrame
	if err := json.Unmarshal(raw, &f); err != nil {
		d.t.Fatalf("frame %q: %v", raw, err)
	}
	return f
}

func (d *dashboard) expect(event string) wsFrame {
	d.t.Helper()
	f := d.next()
	if f.Event != event {
		d.t.Fatalf("got %s %v, want %s", f.Event, f.Data, event)
	}
	return f
}

func (d *dashboard) subscribe(guild string) {
	d.t.Helper()
	d.send(map[string]any{"type": "subscribe", "guildId": guild})
	d.expect("subscribed")
}

// quiet checks that nothing is queued for the client: a ping's pong is the
// next frame.
func (d *dashboard) quiet() {
	d.t.Helper()
	d.send(map[string]any{"type": "ping"})
	d.expect("pong")
}

func (e *simEnv) grant(t *testing.T, body map[string]any) string {
	t.Helper()
	r := e.do("POST", "/api/guilds/"+simGuild1+"/dashboard/grants", simUser(1), body)
	if r.status != http.StatusCreated {
		t.Fatalf("grant: %d %s", r.status, r.body)
	}
	var g struct{ ID string }
	r.decode(t, &g)
	return g.ID
}

// putConfig saves a config document as the owner at the version it has.
func (e *simEnv) putConfig(t *testing.T, path string, change map[string]any) {
	t.Helper()
	doc := map[string]any{}
	e.do("GET", path, simUser(1), nil).decode(t, &doc)
	for _, k := range []string{"updatedAt", "updatedBy"} {
		delete(doc, k)
	}
	for k, v := range change {
		doc[k] = v
	}
	if r := e.do("PUT", path, simUser(1), doc); r.status != http.StatusOK {
		t.Fatalf("PUT %s: %d %s", path, r.status, r.body)
	}
}

// Revoking a grant over HTTP removes the holder's WebSocket subscription
// at once, with a reason, and nothing of the room follows.
func TestGrantRevocationReachesSubscribedClient(t *testing.T) {
	e := startSim(t)
	settings := "/api/guilds/" + simGuild1 + "/dashboard/settings"
	id := e.grant(t, map[string]any{"userId": simUser(5)})
	holder, owner := e.openDashboard(t, simUser(5)), e.openDashboard(t, simUser(1))
	holder.subscribe(simGuild1)
	owner.subscribe(simGuild1)

	e.putConfig(t, settings, map[string]any{"locale": "de-DE"})
	holder.expect("dashboard:settings_updated")
	owner.expect("dashboard:settings_updated")

	if r := e.do("DELETE", "/api/guilds/"+simGuild1+"/dashboard/grants/"+id, simUser(1), nil); r.status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	f := holder.next()
	if f.Event == "dashboard:permissions_updated" {
		f = holder.next()
	}
	if f.Event != "unsubscribed" || f.Data["guildId"] != simGuild1 || f.Data["reason"] == "" || f.Data["reason"] == nil {
		t.Fatalf("after revocation: %s %v, want unsubscribed with a reason", f.Event, f.Data)
	}
	owner.expect("dashboard:permissions_updated")

	e.putConfig(t, settings, map[string]any{"locale": "fr-FR"})
	owner.expect("dashboard:settings_updated")
	holder.quiet()
	holder.send(map[string]any{"type": "subscribe", "guildId": simGuild1})
	if f := holder.expect("error"); f.Data["code"] != "FORBIDDEN" {
		t.Fatalf("subscribe after revocation: %v", f.Data)
	}
}

// A grant limited to a plugin delivers that plugin's events and the
// dashboard's, and no other plugin's; its API routes follow the same rule.
func TestPluginLimitedGrantOverWebSocket(t *testing.T) {
	e := startSim(t)
	e.grant(t, map[string]any{"userId": simUser(7), "plugins": []string{"apitest"}})
	limited := e.openDashboard(t, simUser(7))
	limited.subscribe(simGuild1)

	base := "/api/guilds/" + simGuild1
	e.putConfig(t, base+"/apiother/config", map[string]any{"label": "y"})
	e.putConfig(t, base+"/apitest/config", map[string]any{"threshold": 5})
	e.putConfig(t, base+"/dashboard/settings", map[string]any{"locale": "de-DE"})
	limited.expect("apitest:config_updated")
	limited.expect("dashboard:settings_updated")
	limited.quiet()

	routes := []struct {
		path string
		want int
	}{
		{base + "/apitest/config", http.StatusOK},
		{base + "/apiother/config", http.StatusForbidden},
		{"/api/guilds/" + simGuild2 + "/apitest/config", http.StatusForbidden},
	}
	for _, rt := range routes {
		if r := e.do("GET", rt.path, simUser(7), nil); r.status != rt.want {
			t.Errorf("GET %s = %d, want %d: %s", rt.path, r.status, rt.want, r.body)
		}
	}
}
