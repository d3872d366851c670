package core_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "warden.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const goodSecret = "0123456789abcdef0123456789abcdef"

func TestLoadConfigFileAndEnvironment(t *testing.T) {
	path := writeFile(t, `
http_port: 4000
WS_PORT: 4002
allowed_origins: ["https://dash.example.com"]
superusers: ["100000000000000001"]
gateway:
  max_rooms: 4
  idle_timeout: 30s
`)
	cfg, err := core.LoadConfig(path, env(map[string]string{
		"HTTP_PORT":          "5000",
		"AUTH_SECRET":        goodSecret,
		"SUPERUSERS":         "100000000000000002, 100000000000000003",
		"WS_MAX_CONNECTIONS": "77",
		"SHUTDOWN_TIMEOUT":   "3s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"env overrides file", cfg.HTTPPort, 5000},
		{"uppercase key in file", cfg.WSPort, 4002},
		{"env list", strings.Join(cfg.Superusers, ","), "100000000000000002,100000000000000003"},
		{"nested block", cfg.Gateway.MaxRooms, 4},
		{"nested duration", cfg.Gateway.IdleTimeout, 30 * time.Second},
		{"nested env", cfg.Gateway.MaxConnections, 77},
		{"duration env", cfg.ShutdownTimeout, 3 * time.Second},
		{"default", cfg.MetricsAddr, "127.0.0.1:9464"},
		{"default subscribe rate", cfg.Gateway.SubscribeRate, 5},
		{"default data dir", cfg.DataDir, "./data"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		name string
		file string
		env  map[string]string
		demo bool
		want []string
	}{
		{"unknown key", "http_prot: 3000\n", nil, false, []string{`unknown key "http_prot"`}},
		{"unknown nested key", "gateway:\n  max_roomz: 3\n", nil, false, []string{`unknown key "max_roomz"`}},
		{"wrong type", "http_port: lots\n", nil, false, []string{"http_port", "lots"}},
		{"not a mapping", "- a\n- b\n", nil, false, []string{"mapping"}},
		{"bad env int", "", map[string]string{"HTTP_PORT": "x"}, false, []string{"HTTP_PORT", "whole number"}},
		{"bad env duration", "", map[string]string{"SHUTDOWN_TIMEOUT": "soon"}, false, []string{"SHUTDOWN_TIMEOUT", "duration"}},
		{"short secret", "", map[string]string{"AUTH_SECRET": "short"}, false, []string{"AUTH_SECRET", "32 bytes"}},
		{"port range", "", map[string]string{"AUTH_SECRET": goodSecret, "HTTP_PORT": "70000"}, false, []string{"HTTP_PORT"}},
		{"same ports", "", map[string]string{"AUTH_SECRET": goodSecret, "HTTP_PORT": "4000", "WS_PORT": "4000"}, false, []string{"WS_PORT", "differ"}},
		{"bad mongo uri", "", map[string]string{"AUTH_SECRET": goodSecret, "MONGODB_URI": "postgres://u:secretpw@h/db"}, false, []string{"MONGODB_URI"}},
		{"bad redis url", "", map[string]string{"AUTH_SECRET": goodSecret, "REDIS_URL": "localhost:6379"}, false, []string{"REDIS_URL"}},
		{"bad origin", "", map[string]string{"AUTH_SECRET": goodSecret, "ALLOWED_ORIGINS": "dash.example.com"}, false, []string{"ALLOWED_ORIGINS"}},
		{"bad superuser", "", map[string]string{"AUTH_SECRET": goodSecret, "SUPERUSERS": "alice"}, false, []string{"SUPERUSERS"}},
		{"bad log level", "", map[string]string{"AUTH_SECRET": goodSecret, "LOG_LEVEL": "loud"}, false, []string{"LOG_LEVEL"}},
		{"unknown plugin", "plugins:\n  nosuch: {enabled: true}\n", map[string]string{"AUTH_SECRET": goodSecret}, false, []string{"plugins.nosuch", "no such plugin"}},
		{"bad shards", "", map[string]string{"AUTH_SECRET": goodSecret, "DISCORD_SHARDS": "0,x"}, false, []string{"DISCORD_SHARDS"}},
		{"negative gateway limit", "gateway:\n  max_rooms: -1\n", map[string]string{"AUTH_SECRET": goodSecret}, false, []string{"gateway.max_rooms"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = writeFile(t, tc.file)
			}
			cfg, err := core.LoadConfig(path, env(tc.env))
			if err == nil {
				cfg.Demo.Enabled = tc.demo
				cfg.ApplyDefaults()
				err = cfg.Validate()
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secretpw") {
				t.Errorf("error leaks a password: %q", err)
			}
		})
	}
}

func TestDemoModeAllowsNoSecretCheck(t *testing.T) {
	cfg, err := core.LoadConfig("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Demo.Enabled = true
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("demo config refused: %v", err)
	}
	if cfg.Demo.Guilds != 2 {
		t.Fatalf("demo guilds default %d", cfg.Demo.Guilds)
	}
}
