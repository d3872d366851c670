package wsgateway

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// Test plugins declare the events the tests broadcast.
type testPlugin struct{ id string }

func (p testPlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: p.id, Name: p.id} }
func (p testPlugin) Events() []core.EventSpec {
	return []core.EventSpec{
		{Name: p.id + ":happened", Description: "test", Example: map[string]int{"i": 1}},
	}
}

func init() {
	for _, id := range []string{"gwalpha", "gwbeta"} {
		core.RegisterPlugin(core.PluginInfo{ID: id, Name: id, New: func() core.Plugin { return testPlugin{id} }})
	}
}

const (
	guildA    = "300000000000000001"
	guildB    = "300000000000000002"
	userAlice = "200000000000000001"
	userBob   = "200000000000000002"
	userRoot  = "100000000000000001"
	origin    = "http://localhost:3000"
)

// flipAccess is an AccessChecker the tests change at will: a user's access
// per guild; absent means no access.
type flipAccess struct {
	mu     sync.Mutex
	grants map[string]map[string]core.Access
}

func newFlipAccess() *flipAccess { return &flipAccess{grants: map[string]map[string]core.Access{}} }

func (f *flipAccess) set(user, guild string, a core.Access) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.grants[user] == nil {
		f.grants[user] = map[string]core.Access{}
	}
	f.grants[user][guild] = a
}

func (f *flipAccess) Check(_ context.Context, user, guild string) (core.Access, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.grants[user][guild]; ok {
		return a, nil
	}
	return core.Access{Reason: "no grant"}, nil
}

func (f *flipAccess) Guilds(_ context.Context, user string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for g, a := range f.grants[user] {
		if a.Allowed && g != core.GlobalRoom {
			out = append(out, g)
		}
	}
	return out, nil
}

var allowAll = core.Access{Allowed: true, Reason: "grant"}

type env struct {
	core   *core.Core
	gw     *Gateway
	url    string
	access *flipAccess
}

// startEnv starts a core and a gateway on a free port; alice may open
// guild A and B, root is a superuser.
func startEnv(t *testing.T, mutate func(*core.Config)) *env {
	t.Helper()
	return startEnvWith(t, mutate)
}

// startEnvWith is startEnv with gateway options (a clock).
func startEnvWith(t *testing.T, mutate func(*core.Config), opts ...Option) *env {
	t.Helper()
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Superusers = []string{userRoot}
		c.AllowedOrigins = []string{origin}
		c.Gateway.HeartbeatInterval = time.Second
		c.Gateway.WriteTimeout = 2 * time.Second
		// Test clients that stop reading never answer a close frame; the
		// server waits this long for them at every close.
		c.Gateway.CloseTimeout = 300 * time.Millisecond
		if mutate != nil {
			mutate(c)
		}
	})
	c := testenv.Core(t, cfg, core.Options{})
	acc := newFlipAccess()
	acc.set(userAlice, guildA, allowAll)
	acc.set(userAlice, guildB, allowAll)
	c.SetAccess(acc)
	g := New(c, append([]Option{WithAddr("127.0.0.1:0")}, opts...)...)
	if err := g.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := g.Stop(ctx); err != nil {
			t.Errorf("stop gateway: %v", err)
		}
	})
	return &env{core: c, gw: g, url: "ws://" + g.Addr() + "/ws", access: acc}
}

// envelope is a server frame as a client decodes it.
type envelope struct {
	Event     string          `json:"event"`
	GuildID   string          `json:"guildId"`
	Data      json.RawMessage `json:"data"`
	Timestamp int64           `json:"timestamp"`
	Seq       uint64          `json:"seq"`
}

func (e envelope) field(name string) string {
	var m map[string]any
	_ = json.Unmarshal(e.Data, &m)
	switch v := m[name].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dial(t *testing.T, url string) *client {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {origin}})
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	t.Cleanup(func() { _ = ws.Close() })
	c := &client{t: t, ws: ws}
	c.expect("connected")
	return c
}

func (c *client) sendRaw(s string) {
	c.t.Helper()
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *client) read() (envelope, error) {
	_ = c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return envelope{}, err
	}
	var e envelope
	if err := json.Unmarshal(data, &e); err != nil {
		c.t.Fatalf("server sent non-JSON %q", data)
	}
	return e, nil
}

// expect reads the next frame and checks its event name.
func (c *client) expect(event string) envelope {
	c.t.Helper()
	e, err := c.read()
	if err != nil {
		c.t.Fatalf("waiting for %s: %v", event, err)
	}
	if e.Event != event {
		c.t.Fatalf("got %s %s, want %s", e.Event, e.Data, event)
	}
	return e
}

func (c *client) expectError(code core.Code) envelope {
	c.t.Helper()
	e := c.expect("error")
	if got := e.field("code"); got != string(code) {
		c.t.Fatalf("error code %s (%s), want %s", got, e.Data, code)
	}
	return e
}

// expectClose reads until the server closes and checks the close code.
func (c *client) expectClose(code int) {
	c.t.Helper()
	for {
		_, err := c.read()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != code {
			c.t.Fatalf("closed with %v, want code %d", err, code)
		}
		return
	}
}

func token(t *testing.T, user string, ttl time.Duration) string {
	t.Helper()
	tok, err := core.MintToken([]byte(testenv.Secret), user, "ws", ttl, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (c *client) auth(user string) envelope {
	c.t.Helper()
	c.sendRaw(`{"type":"auth","token":"` + token(c.t, user, time.Hour) + `"}`)
	return c.expect("authenticated")
}

func (c *client) subscribe(guild string) envelope {
	c.t.Helper()
	c.sendRaw(`{"type":"subscribe","guildId":"` + guild + `"}`)
	return c.expect("subscribed")
}

func broadcast(t *testing.T, c *core.Core, guild, event string, i int) {
	t.Helper()
	if err := c.Broadcast(guild, event, map[string]int{"i": i}); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond for up to 10s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testenv.Eventually(t, 10*time.Second, what, cond)
}
