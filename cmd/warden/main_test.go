package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	for _, k := range []string{"AUTH_SECRET", "DISCORD_TOKEN", "HTTP_PORT", "WS_PORT", "MONGODB_URI", "REDIS_URL", "METRICS_ADDR", "DATA_DIR"} {
		t.Setenv(k, env[k])
	}
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTokenCommandMintsAVerifiableToken(t *testing.T) {
	code, out, errOut := runCLI(t, map[string]string{"AUTH_SECRET": testenv.Secret}, "token", "--user", "123", "--ttl", "90m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tok := strings.TrimSpace(out)
	// Verify with golang-jwt directly, pinned to HS256.
	claims := jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(tok, &claims, func(*jwt.Token) (any, error) { return []byte(testenv.Secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		t.Fatalf("golang-jwt refuses the token: %v", err)
	}
	if claims.Subject != "123" {
		t.Fatalf("sub %q", claims.Subject)
	}
	if ttl := time.Until(claims.ExpiresAt.Time); ttl < 89*time.Minute || ttl > 91*time.Minute {
		t.Fatalf("exp in %s, want 90m", ttl)
	}
	if _, err := core.VerifyToken([]byte(testenv.Secret), tok); err != nil {
		t.Fatalf("core refuses its own token: %v", err)
	}
}

func TestCLIRefusals(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"token without user", map[string]string{"AUTH_SECRET": testenv.Secret}, []string{"token"}, 2, "--user is required"},
		{"token with short secret", map[string]string{"AUTH_SECRET": "short"}, []string{"token", "--user", "1"}, 2, "AUTH_SECRET"},
		{"token for a non-id", map[string]string{"AUTH_SECRET": testenv.Secret}, []string{"token", "--user", "bob"}, 2, "snowflake"},
		{"run without a token", map[string]string{"AUTH_SECRET": testenv.Secret}, nil, 2, "--demo"},
		{"run with a short secret", map[string]string{"DISCORD_TOKEN": "x"}, nil, 2, "AUTH_SECRET"},
		{"bad env value", map[string]string{"HTTP_PORT": "eighty"}, nil, 2, "HTTP_PORT"},
		{"unknown command", nil, []string{"frobnicate"}, 2, "unknown command"},
		{"missing config file", nil, []string{"--config", "/nonexistent/warden.yaml"}, 2, "read config file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.env, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tc.code, tc.want)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
				t.Fatalf("stack trace on bad input: %s", errOut)
			}
		})
	}
}

func TestBadConfigFileNamesTheKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.yaml")
	if err := os.WriteFile(path, []byte("http_port: 3000\nlog_levle: debug\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, nil, "--config", path)
	if code != 2 || !strings.Contains(errOut, `"log_levle"`) {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "warden ") {
		t.Fatalf("exit %d, %q", code, out)
	}
}

// TestEventsDocIsFresh fails when docs/events.md differs from what the
// plugins declare. Regenerate with: go run ./cmd/warden events > docs/events.md
func TestEventsDocIsFresh(t *testing.T) {
	want, err := core.EventsMarkdown()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "docs", "events.md"))
	if err != nil {
		t.Fatalf("docs/events.md: %v (generate it: go run ./cmd/warden events > docs/events.md)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("docs/events.md is stale: regenerate it with `go run ./cmd/warden events > docs/events.md`")
	}
	code, out, _ := runCLI(t, nil, "events")
	if code != 0 || out != string(want) {
		t.Fatalf("`warden events` exit %d, output differs from EventsMarkdown", code)
	}
}

// TestEveryEventHasASentence: the dashboard's live feed shows each event
// of the core and the built-in plugins as a sentence; stats events have
// none, since they update figures and stay out of the feed.
func TestEveryEventHasASentence(t *testing.T) {
	specs, err := core.DeclaredEvents()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		if core.IsStatsEvent(s.Name) != (s.Sentence == "") {
			t.Errorf("event %s: sentence %q (stats events have none, every other event has one)", s.Name, s.Sentence)
		}
	}
}
