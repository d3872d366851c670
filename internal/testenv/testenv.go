package testenv

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

// Secret is the AUTH_SECRET of test cores.
const Secret = "test-secret-test-secret-test-secret-0123"

// Logger returns a logger that writes to the test log at debug level only
// when WARDEN_TEST_LOG is set, and otherwise keeps warnings and errors.
func Logger(t testing.TB) *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("WARDEN_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: level}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

// Config returns a validated test configuration with a fresh DATA_DIR,
// free ports and the metrics listener off. Mutators run before validation.
func Config(t testing.TB, mutate ...func(*core.Config)) *core.Config {
	t.Helper()
	cfg := &core.Config{
		HTTPPort:    FreePort(t),
		WSPort:      FreePort(t),
		MetricsAddr: "off",
		AuthSecret:  Secret,
		DataDir:     t.TempDir(),
		LogLevel:    "warn",
	}
	for _, m := range mutate {
		m(cfg)
	}
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test config invalid: %v", err)
	}
	return cfg
}

// Core starts a core for cfg and stops it when the test ends.
func Core(t testing.TB, cfg *core.Config, opts core.Options) *core.Core {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = Logger(t)
	}
	c := core.New(cfg, opts)
	Start(t, c)
	return c
}

// Start starts a built core (with its components added) and returns a
// function that stops it, failing the test on a stop error. The stop runs
// at most once: the test's cleanup calls it too, so a test may stop the
// core early to check what stopping does.
func Start(t testing.TB, c *core.Core) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start core: %v", err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := c.Stop(ctx); err != nil {
				t.Errorf("stop core: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// FreePort returns a TCP port that was free a moment ago on every
// interface. It picks from 20000-31999, below Linux's ephemeral range
// (32768-60999), so that the outgoing connections of tests running in
// parallel (clients, Redis, Chromium) cannot take it before it is bound.
// A port is handed out once per test binary, so that two calls never
// return the same port before either is bound (HTTP_PORT and WS_PORT of one
// config, say).
func FreePort(t testing.TB) int {
	t.Helper()
	for range 200 {
		port := 20000 + rand.IntN(12000)
		if !claimPort(port) {
			continue
		}
		ln, err := net.Listen("tcp", ":"+strconv.Itoa(port))
		if err != nil {
			continue
		}
		_ = ln.Close()
		return port
	}
	t.Fatal("find a free port: none free in 200 tries in 20000-31999")
	return 0
}

// handedOut holds the ports FreePort returned in this process.
var handedOut = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

// claimPort reports whether port was never handed out, and marks it.
func claimPort(port int) bool {
	handedOut.Lock()
	defer handedOut.Unlock()
	if handedOut.ports[port] {
		return false
	}
	handedOut.ports[port] = true
	return true
}

// Redis is a redis-server started for a test.
type Redis struct {
	URL  string
	Addr string
	cmd  *exec.Cmd
	dir  string
	port int
	t    testing.TB
}

// StartRedis starts redis-server on a free port with no persistence and
// stops it when the test ends. It fails the test if redis-server is not
// installed, saying how to install it.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	r := &Redis{port: FreePort(t), dir: t.TempDir(), t: t}
	r.Addr = "127.0.0.1:" + strconv.Itoa(r.port)
	r.URL = "redis://" + r.Addr + "/0"
	r.Start()
	t.Cleanup(r.Stop)
	return r
}

// Start (re)starts the server on the same port.
func (r *Redis) Start() {
	r.t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		r.t.Fatalf("redis-server is not installed: run scripts/test.sh (it installs it), or apt-get install redis-server")
	}
	r.cmd = exec.Command(bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", r.dir, "--protected-mode", "no")
	r.cmd.Stdout, r.cmd.Stderr = io.Discard, io.Discard
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", r.Addr, 200*time.Millisecond); err == nil {
			_ = c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.t.Fatalf("redis-server did not listen on %s within 10s", r.Addr)
}

// Stop kills the server (as a crash would) and waits for it.
func (r *Redis) Stop() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}

// RepoRoot returns the module's root directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal(fmt.Errorf("no go.mod above the working directory"))
		}
		dir = parent
	}
}

// Eventually polls cond until it holds, failing the test with what when
// timeout passes first. The timeout is a bound for a stuck test, not a
// measure of speed: pick one a loaded machine meets easily.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
