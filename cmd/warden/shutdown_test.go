package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/testenv"
)

// syncBuffer is a bytes.Buffer safe for the server's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoRunStopsGracefullyOnSIGINT runs `warden --demo` in-process, waits
// until it is healthy, sends SIGINT and expects a clean exit.
func TestDemoRunStopsGracefullyOnSIGINT(t *testing.T) {
	metrics := "127.0.0.1:" + strconv.Itoa(testenv.FreePort(t))
	env := map[string]string{
		"HTTP_PORT":    strconv.Itoa(testenv.FreePort(t)),
		"WS_PORT":      strconv.Itoa(testenv.FreePort(t)),
		"METRICS_ADDR": metrics,
		"DATA_DIR":     t.TempDir(),
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	t.Setenv("SHUTDOWN_TIMEOUT", "10s")
	var stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"--demo", "--demo-guilds", "1", "--demo-activity", "0"}, &bytes.Buffer{}, &stderr)
	}()

	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get("http://" + metrics + "/readyz")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case code := <-exit:
			t.Fatalf("warden --demo exited early with %d:\n%s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("warden --demo not ready within 60s:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d after SIGINT:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("warden did not stop within 30s of SIGINT:\n%s", stderr.String())
	}
	logs := stderr.String()
	// No listen address was set: the start-up line says the demo is on
	// loopback only.
	for _, want := range []string{"DEMO MODE", "127.0.0.1 only", "shutting down", "stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("errors logged during a clean demo run:\n%s", logs)
	}
}
