package dashboardapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/dashboardapi"
	"github.com/warden-bot/warden/internal/testenv"
	_ "github.com/warden-bot/warden/plugins/dashboard"
)

// The test world: one guild with an owner, an administrator, a member with
// Manage Server, a moderator role, and plain members.
const (
	guildID    = "300000000000000001"
	otherGuild = "300000000000000002"
	missingID  = "399999999999999999"
	superuser  = "100000000000000001"
	ownerID    = "200000000000000001"
	adminID    = "200000000000000002"
	managerID  = "200000000000000003"
	memberID   = "200000000000000004"
	roleHolder = "200000000000000005"
	strangerID = "200000000000000006"
	modRoleID  = "400000000000000001"
	testOrigin = "https://dash.example.com"
	jsonCT     = "application/json"
)

// world is a fixed guild directory standing in for the Discord component's
// cache until the simulated Discord is wired here.
type world struct {
	mu      sync.Mutex
	guilds  []core.GuildSummary
	members map[string]map[string]core.MemberInfo
}

func newWorld() *world {
	return &world{
		guilds: []core.GuildSummary{
			{ID: guildID, Name: "Test Guild", Icon: "abc", OwnerID: ownerID},
			{ID: otherGuild, Name: "Other Guild", OwnerID: strangerID},
		},
		members: map[string]map[string]core.MemberInfo{guildID: {
			ownerID:    {IsMember: true},
			adminID:    {IsMember: true, Permissions: core.PermAdministrator},
			managerID:  {IsMember: true, Permissions: core.PermManageGuild},
			memberID:   {IsMember: true},
			roleHolder: {IsMember: true, Roles: []string{modRoleID}},
		}},
	}
}

func (w *world) Guilds(context.Context) ([]core.GuildSummary, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.guilds), nil
}

func (w *world) Guild(_ context.Context, id string) (core.GuildSummary, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, g := range w.guilds {
		if g.ID == id {
			return g, true, nil
		}
	}
	return core.GuildSummary{}, false, nil
}

func (w *world) Member(_ context.Context, guild, user string) (core.MemberInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.members[guild][user], nil
}

type env struct {
	t    testing.TB
	core *core.Core
	srv  *dashboardapi.Server
	base string
}

// start runs a core on the embedded store with the dashboard plugin, and
// the API on a free port.
func start(t *testing.T, mutate func(*core.Config), opts ...dashboardapi.Option) *env {
	t.Helper()
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Superusers = []string{superuser}
		c.AllowedOrigins = []string{testOrigin}
		if mutate != nil {
			mutate(c)
		}
	})
	c := testenv.Core(t, cfg, core.Options{})
	w := newWorld()
	c.SetAccess(core.NewDirectoryAccess(cfg, func() core.GuildDirectory { return w }, func() core.GrantStore { return c }))
	srv, err := dashboardapi.New(c, append([]dashboardapi.Option{dashboardapi.WithDirectory(w)}, opts...)...)
	if err != nil {
		t.Fatalf("new API: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		t.Fatalf("start API: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Stop(ctx); err != nil {
			t.Errorf("stop API: %v", err)
		}
	})
	return &env{t: t, core: c, srv: srv, base: "http://" + srv.Addr()}
}

func token(t testing.TB, user string) string {
	t.Helper()
	tok, err := core.MintToken([]byte(testenv.Secret), user, "session", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) errCode() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.body, &e)
	return e.Error.Code
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends a request; user empty means no credentials. body may be a
// string (sent as is) or any value (sent as JSON).
func (e *env) do(method, path, user string, body any, hdr ...string) reply {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.base+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", jsonCT)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+token(e.t, user))
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: raw}
}

// events returns the names and payloads held in a room's history.
func (e *env) events(room string) []core.Event {
	e.t.Helper()
	ctx := context.Background()
	pos, err := e.core.Broker().Head(ctx, room)
	if err != nil {
		e.t.Fatal(err)
	}
	evs, _, err := e.core.Broker().History(ctx, room, 0, pos.Epoch)
	if err != nil {
		e.t.Fatal(err)
	}
	return evs
}

// frozenClock stops the API's clock at the test's start: rate limit
// buckets never refill and stats windows never move, however slowly the
// machine runs the test.
func frozenClock() dashboardapi.Option {
	at := time.Now()
	return dashboardapi.WithClock(func() time.Time { return at })
}
