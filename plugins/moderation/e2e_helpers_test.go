package moderation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"gopkg.in/yaml.v3"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
	_ "github.com/warden-bot/warden/plugins/dashboard"
	"github.com/warden-bot/warden/plugins/moderation"
)

const origin = "https://dash.example.com"

// world is a running Warden in demo mode: the simulated Discord reached
// through real disgo, the dashboard API and the WebSocket gateway.
type world struct {
	t       *testing.T
	app     *app.App
	sim     *discordsim.Server
	svc     *moderation.Service
	cfg     *core.Config
	guild   discordsim.ID
	general discordsim.ID
	modLog  discordsim.ID
}

// Demo users: 1 owns the guild (and is a superuser), 2 is a moderator,
// 3 and up are plain members.
var (
	owner  = discordsim.UserID(1)
	mod    = discordsim.UserID(2)
	member = discordsim.UserID(3)
	alice  = discordsim.UserID(5)
	bob    = discordsim.UserID(6)
)

func startWorld(t *testing.T, dataDir, sweep string) *world {
	t.Helper()
	var node yaml.Node
	if err := yaml.Unmarshal([]byte("sweepInterval: "+sweep), &node); err != nil {
		t.Fatal(err)
	}
	cfg := testenv.Config(t, func(c *core.Config) {
		if dataDir != "" {
			c.DataDir = dataDir
		}
		c.AllowedOrigins = []string{origin}
		c.Demo = core.DemoConfig{Enabled: true, Guilds: 1}
		c.Plugins = map[string]core.PluginConfig{moderation.ID: {Config: node}}
	})
	a, err := app.New(cfg, testenv.Logger(t), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatalf("start warden: %v", err)
	}
	w := &world{t: t, app: a, cfg: cfg, guild: discordsim.GuildID(1)}
	t.Cleanup(w.stop)
	w.sim = a.Parts["discord"].(interface{ Sim() *discordsim.Server }).Sim()
	p, _ := a.Core.Plugin(moderation.ID)
	w.svc = p.(*moderation.Plugin).Service()
	g, _ := w.sim.Guild(w.guild)
	for name, dst := range map[string]*discordsim.ID{"general": &w.general, "mod-log": &w.modLog} {
		ch, ok := g.ChannelByName(name)
		if !ok {
			t.Fatalf("demo guild has no #%s", name)
		}
		*dst = ch.ID
	}
	w.waitFor("the slash commands to be registered", func() bool {
		for _, cmds := range w.sim.Commands() {
			for _, c := range cmds {
				if c.Name == "warn" {
					return true
				}
			}
		}
		return false
	})
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Discord().WaitReady(ctx); err != nil {
		t.Fatalf("Discord not ready: %v", err)
	}
	return w
}

func (w *world) stop() {
	if w.app == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := w.app.Stop(ctx); err != nil {
		w.t.Errorf("stop warden: %v", err)
	}
	w.app = nil
}

func (w *world) waitFor(what string, ok func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			w.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// command runs a slash command as user and returns the bot's final reply.
// A name with a space runs a subcommand: "case show".
func (w *world) command(user discordsim.ID, name string, opts map[string]any) string {
	w.t.Helper()
	var it *discordsim.Interaction
	var err error
	if cmd, sub, ok := strings.Cut(name, " "); ok {
		it, err = w.sim.InvokeSubcommand(w.guild, w.general, user, cmd, sub, opts)
	} else {
		it, err = w.sim.InvokeCommand(w.guild, w.general, user, name, opts)
	}
	if err != nil {
		w.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	resp, err := it.Wait(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if resp.Type != 5 {
		return resp.Content()
	}
	// A deferred reply is edited in later; the edit is a recorded call.
	var edits []discordsim.Call
	w.waitFor("the deferred reply of /"+name, func() bool {
		edits = edits[:0]
		for _, c := range w.sim.CallsTo("PATCH /webhooks/{app}/{token}/messages/@original") {
			if strings.Contains(c.Path, it.Token) {
				edits = append(edits, c)
			}
		}
		return len(edits) > 0
	})
	var edit struct {
		Content string `json:"content"`
	}
	_ = json.Unmarshal(edits[len(edits)-1].Body, &edit)
	return edit.Content
}

// api calls the dashboard API as user and decodes the answer into out.
func (w *world) api(user discordsim.ID, method, path string, body any, out any) int {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, "http://127.0.0.1:"+strconv.Itoa(w.cfg.HTTPPort)+"/api/guilds/"+w.guild.String()+"/moderation"+path, rd)
	req.Header.Set("Authorization", "Bearer "+w.token(user))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", origin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			w.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode
}

func (w *world) token(user discordsim.ID) string {
	tok, err := core.MintToken([]byte(testenv.Secret), user.String(), "session", time.Hour, time.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

// envelope is a gateway frame.
type envelope struct {
	Event   string          `json:"event"`
	GuildID string          `json:"guildId"`
	Data    json.RawMessage `json:"data"`
	Seq     uint64          `json:"seq"`
}

// dashboard is a real WebSocket client subscribed to the guild's room.
type dashboard struct {
	t      *testing.T
	conn   *websocket.Conn
	mu     sync.Mutex
	frames []envelope
	done   chan struct{}
}

func (w *world) dashboard(user discordsim.ID) *dashboard {
	w.t.Helper()
	h := http.Header{"Origin": {origin}}
	conn, _, err := websocket.DefaultDialer.Dial("ws://127.0.0.1:"+strconv.Itoa(w.cfg.WSPort)+"/ws", h)
	if err != nil {
		w.t.Fatal(err)
	}
	d := &dashboard{t: w.t, conn: conn, done: make(chan struct{})}
	w.t.Cleanup(func() { _ = conn.Close(); <-d.done })
	go d.read()
	must(w.t, conn.WriteJSON(map[string]string{"type": "auth", "token": w.token(user)}))
	d.next("authenticated")
	must(w.t, conn.WriteJSON(map[string]string{"type": "subscribe", "guildId": w.guild.String()}))
	d.next("subscribed")
	return d
}

func (d *dashboard) read() {
	defer close(d.done)
	for {
		var env envelope
		if err := d.conn.ReadJSON(&env); err != nil {
			return
		}
		d.mu.Lock()
		d.frames = append(d.frames, env)
		d.mu.Unlock()
	}
}

// next waits for a frame named event and returns it.
func (d *dashboard) next(event string) envelope {
	t := d.t
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, f := range d.named(event) {
			return f
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s frame arrived", event)
	return envelope{}
}

// named returns the frames so far with the given event name.
func (d *dashboard) named(event string) []envelope {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []envelope
	for _, f := range d.frames {
		if f.Event == event {
			out = append(out, f)
		}
	}
	return out
}

// waitCount waits until n frames named event have arrived.
func (d *dashboard) waitCount(t testing.TB, event string, n int) []envelope {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if fs := d.named(event); len(fs) >= n {
			return fs
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("want %d %s frames, got %d", n, event, len(d.named(event)))
	return nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func data[T any](t *testing.T, f envelope) T {
	t.Helper()
	var v T
	must(t, json.Unmarshal(f.Data, &v))
	return v
}
