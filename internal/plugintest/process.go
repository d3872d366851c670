package plugintest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// processTimeout bounds a process start: a fresh process on a loaded
// machine, not a speed check.
const processTimeout = 90 * time.Second

// childEnv marks a test binary started by StartProcess as a Warden process.
const childEnv = "WARDEN_PLUGINTEST_CHILD"

// RunChild runs Warden when this test binary was started by StartProcess,
// configured from the environment like the warden command, until SIGTERM
// or SIGINT, and exits; otherwise it returns at once. Call it first in the
// package's TestMain:
//
//	func TestMain(m *testing.M) {
//		plugintest.RunChild()
//		os.Exit(m.Run())
//	}
//
// The child runs the plugins the test binary links, as the test does.
func RunChild() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	cfg, err := core.LoadConfig(os.Getenv("WARDEN_CONFIG"), os.Getenv)
	if err == nil {
		err = app.Prepare(cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "plugintest child:", err)
		os.Exit(2)
	}
	log := app.NewLogger(cfg, os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Run(ctx, cfg, log); err != nil {
		log.Error("warden stopped with an error", "err", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Process is Warden running as a child process of the test (see
// StartProcess), for what needs real processes: a kill -9, several
// instances on one store.
type Process struct {
	// Env is the environment it was started with, beyond the test's own.
	Env map[string]string
	// HTTP is the dashboard's base URL; Metrics the metrics address.
	HTTP    string
	Metrics string

	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	err  error
}

// ProcessEnv returns the environment for a Warden process against sim:
// the Discord URLs and credentials, AUTH_SECRET, and free ports.
func ProcessEnv(t testing.TB, sim *discordsim.Server) map[string]string {
	t.Helper()
	return map[string]string{
		"DISCORD_TOKEN":         sim.Token(),
		"DISCORD_CLIENT_ID":     sim.ClientID().String(),
		"DISCORD_CLIENT_SECRET": sim.ClientSecret(),
		"DISCORD_API_URL":       sim.APIURL(),
		"DISCORD_GATEWAY_URL":   sim.GatewayURL(),
		"DISCORD_AUTHORIZE_URL": sim.AuthorizeURL(),
		"AUTH_SECRET":           testenv.Secret,
		"HTTP_PORT":             strconv.Itoa(testenv.FreePort(t)),
		"WS_PORT":               strconv.Itoa(testenv.FreePort(t)),
		"METRICS_ADDR":          "127.0.0.1:" + strconv.Itoa(testenv.FreePort(t)),
		"BIND_HOST":             "127.0.0.1",
		"LOG_LEVEL":             "info",
	}
}

// StartProcess starts this test binary as a Warden process (the package's
// TestMain must call RunChild) with env on top of the test's environment,
// and waits until it reports ready on /readyz. The process is killed when
// the test ends, and its log is shown if the test failed.
func StartProcess(t testing.TB, env map[string]string) *Process {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("plugintest: the test binary: %v", err)
	}
	p := &Process{Env: env, HTTP: "http://127.0.0.1:" + env["HTTP_PORT"], Metrics: env["METRICS_ADDR"],
		out: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(exe)
	p.cmd.Env = append(os.Environ(), childEnv+"=1")
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.cmd.Env = append(p.cmd.Env, k+"="+env[k])
	}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("plugintest: start a Warden process: %v", err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			t.Logf("log of Warden process %d:\n%s", p.Pid(), p.Log())
		}
	})
	testenv.Eventually(t, processTimeout, fmt.Sprintf("Warden process %d to be ready", p.Pid()), func() bool {
		select {
		case <-p.done:
			t.Fatalf("plugintest: Warden process %d exited early (%v):\n%s", p.Pid(), p.err, p.Log())
		default:
		}
		res, err := http.Get("http://" + p.Metrics + "/readyz")
		if err != nil {
			return false
		}
		_ = res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	return p
}

// Pid is the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Log is what the process wrote so far.
func (p *Process) Log() string { return p.out.String() }

// Kill kills the process with SIGKILL (no cleanup of any kind) and waits
// for it to be gone.
func (p *Process) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// Stop asks the process to stop with SIGTERM and waits up to a minute for
// a clean exit.
func (p *Process) Stop(t testing.TB) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("plugintest: Warden process %d: %v", p.Pid(), p.err)
		}
	case <-time.After(time.Minute):
		p.Kill()
		t.Errorf("plugintest: Warden process %d did not stop within a minute of SIGTERM", p.Pid())
	}
}

// lockedBuffer is a bytes.Buffer the process and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
