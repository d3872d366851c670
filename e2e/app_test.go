package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
	_ "github.com/warden-bot/warden/plugins/all"
)

// running is the whole demo app, quiet (no generated activity).
type running struct {
	t     *testing.T
	app   *app.App
	cfg   *core.Config
	url   string
	guild string
	admin string
	sim   *discordsim.Server
}

// simHolder is how the demo's Discord part exposes its simulator.
type simHolder interface{ Sim() *discordsim.Server }

// runApp builds and starts Warden for cfg, and stops it when the test
// ends.
func runApp(t *testing.T, cfg *core.Config) *app.App {
	t.Helper()
	a, err := app.New(cfg, testenv.Logger(t), core.Options{})
	if err != nil {
		t.Fatalf("build app: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatalf("start app: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := a.Stop(ctx); err != nil {
			t.Errorf("stop app: %v", err)
		}
	})
	return a
}

func startApp(t *testing.T) *running {
	t.Helper()
	cfg := testenv.Config(t, func(c *core.Config) {
		c.Demo = core.DemoConfig{Enabled: true, Guilds: 1, ActivityPerMinute: 0}
	})
	a := runApp(t, cfg)
	r := &running{t: t, app: a, cfg: cfg, url: cfg.PublicURL,
		guild: discordsim.GuildID(1).String(), admin: discordsim.UserID(1).String()}
	for _, p := range a.Parts {
		if h, ok := p.(simHolder); ok {
			r.sim = h.Sim()
		}
	}
	for _, name := range []string{"api", "gateway"} {
		if a.Parts[name] == nil {
			t.Fatalf("the demo app has no %q part: its wiring in internal/app has not landed", name)
		}
	}
	return r
}

// part returns a wired component or fails naming it.
func (r *running) part(name string) core.Component {
	r.t.Helper()
	p := r.app.Parts[name]
	if p == nil {
		r.t.Fatalf("the app has no %q part", name)
	}
	return p
}

// call makes a REST call as the demo admin with a bearer token, as an
// outside client (another staff member's browser) would, and decodes the
// answer into out when given.
func (r *running) call(method, path string, body, out any) int {
	r.t.Helper()
	tok, err := core.MintToken([]byte(r.cfg.AuthSecret), r.admin, "", time.Hour, time.Now())
	if err != nil {
		r.t.Fatalf("mint token: %v", err)
	}
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, r.url+path, rd)
	if err != nil {
		r.t.Fatalf("request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		r.t.Logf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			r.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	return res.StatusCode
}

func (r *running) guildPath(rest string) string {
	return fmt.Sprintf("/api/guilds/%s/%s", r.guild, rest)
}
