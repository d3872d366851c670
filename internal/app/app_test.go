package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestDemoAppStartsReportsReadyAndStops runs the whole app in demo mode
// (embedded store, generated secret) and checks the operations listener.
func TestDemoAppStartsReportsReadyAndStops(t *testing.T) {
	cfg := &core.Config{
		HTTPPort:    testenv.FreePort(t),
		WSPort:      testenv.FreePort(t),
		MetricsAddr: "127.0.0.1:0",
		DataDir:     t.TempDir(),
		Demo:        core.DemoConfig{Enabled: true, Guilds: 1, ActivityPerMinute: 0},
	}
	if err := app.Prepare(cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.AuthSecret) < 32 {
		t.Fatalf("demo mode did not generate a secret: %d bytes", len(cfg.AuthSecret))
	}
	a, err := app.New(cfg, testenv.Logger(t), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	base := "http://" + a.Ops.Addr()
	// Ready once the shards have connected to the simulated Discord.
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
		_ = res.Body.Close()
		if res.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d after 30s: %s", res.StatusCode, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
		_ = res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s", path, res.StatusCode, body)
		}
	}
	if err := a.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}
	// After stop nothing listens.
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("the operations listener still answers after Stop")
	}
}

func TestReadyzReportsNotReadyBeforeStart(t *testing.T) {
	cfg := testenv.Config(t, func(c *core.Config) { c.MetricsAddr = "127.0.0.1:0" })
	a, err := app.New(cfg, testenv.Logger(t), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Ops.Start(cfg.MetricsAddr); err != nil {
		t.Fatal(err)
	}
	defer a.Ops.Stop(context.Background())
	res, err := http.Get("http://" + a.Ops.Addr() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Ready  bool              `json:"ready"`
		Checks map[string]string `json:"checks"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || body.Ready {
		t.Fatalf("readyz before start: %d %+v", res.StatusCode, body)
	}
}

func TestPrepareRefusesRealModeWithoutToken(t *testing.T) {
	cfg := &core.Config{AuthSecret: testenv.Secret}
	if err := app.Prepare(cfg); err != app.ErrNoDiscordToken {
		t.Fatalf("got %v", err)
	}
}
