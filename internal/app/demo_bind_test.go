package app

import (
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

// Demo mode listens on loopback unless the operator sets a listen address,
// and refuses a set AUTH_SECRET that is too short (an unset one is
// generated).
func TestDemoListensOnLoopbackUnlessAsked(t *testing.T) {
	const strong = "0123456789abcdef0123456789abcdef"
	cases := []struct {
		name     string
		cfg      core.Config
		wantHost string
		wantPort int
		wantErr  string
	}{
		{"demo, nothing set", core.Config{}, "127.0.0.1", 3000, ""},
		{"demo, BIND_HOST set", core.Config{BindHost: "0.0.0.0"}, "0.0.0.0", 3000, ""},
		{"demo, HTTP_ADDR set", core.Config{HTTPAddr: "0.0.0.0:4000"}, "0.0.0.0", 4000, ""},
		{"demo, HTTP_ADDR on one interface", core.Config{HTTPAddr: "192.0.2.5:3000"}, "192.0.2.5", 3000, ""},
		{"demo, short secret", core.Config{AuthSecret: "too-short"}, "", 0, "AUTH_SECRET"},
		{"demo, strong secret", core.Config{AuthSecret: strong}, "127.0.0.1", 3000, ""},
		{"demo, bad HTTP_ADDR", core.Config{HTTPAddr: "nonsense"}, "", 0, "HTTP_ADDR"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.DataDir = t.TempDir()
			cfg.Demo = core.DemoConfig{Enabled: true}
			err := Prepare(&cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Prepare = %v, want an error naming %s", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "too-short") {
					t.Fatalf("the error shows the secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.BindHost != tc.wantHost || cfg.HTTPPort != tc.wantPort {
				t.Fatalf("listens on %s:%d, want %s:%d", cfg.BindHost, cfg.HTTPPort, tc.wantHost, tc.wantPort)
			}
		})
	}
	t.Run("outside demo mode nothing changes", func(t *testing.T) {
		cfg := core.Config{AuthSecret: strong, DiscordToken: "x", DataDir: t.TempDir()}
		if err := Prepare(&cfg); err != nil {
			t.Fatal(err)
		}
		if cfg.BindHost != "" {
			t.Fatalf("bind host %q, want all interfaces", cfg.BindHost)
		}
	})
}

func TestListenScopeSaysWhoCanReach(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1": "only (this machine)",
		"::1":       "only (this machine)",
		"":          "all interfaces",
		"0.0.0.0":   "all interfaces",
		"192.0.2.5": "anyone who can reach that address",
	} {
		if got := listenScope(host); !strings.Contains(got, want) {
			t.Errorf("listenScope(%q) = %q, want it to say %q", host, got, want)
		}
	}
}
