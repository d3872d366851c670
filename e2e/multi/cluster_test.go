package multi

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/testenv"
)

// awaitFor bounds every wait: a bound for a stuck process on a loaded
// machine, not a measure of speed.
const awaitFor = 45 * time.Second

// cluster is the running deployment.
type cluster struct {
	t         *testing.T
	secret    string
	instances []*instance
	proxy     *proxy
}

// instance is one warden process.
type instance struct {
	name                    string
	httpPort, wsPort, mPort int
	cmd                     *exec.Cmd
	logPath                 string
	done                    chan struct{}
}

func (in *instance) url() string     { return "http://127.0.0.1:" + strconv.Itoa(in.httpPort) }
func (in *instance) metrics() string { return "http://127.0.0.1:" + strconv.Itoa(in.mPort) }

// buildBinaries builds cmd/warden and the FerretDB runner
// (internal/ferrettest/ferretd) once into a temporary folder, without the
// race detector whatever the test runs with: they are the deployment
// under test, not the test.
func buildBinaries(t *testing.T) (warden, ferretd string) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./cmd/warden", "./internal/ferrettest/ferretd")
	cmd.Dir = testenv.RepoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/warden ./internal/ferrettest/ferretd: %v\n%s", err, out)
	}
	return filepath.Join(dir, "warden"), filepath.Join(dir, "ferretd")
}

// startStore runs FerretDB in its own process (in the test's, it would
// run under the race detector and slow every instance's start down) and
// returns its mongodb:// URI.
func startStore(t *testing.T, bin string) string {
	t.Helper()
	addr := "127.0.0.1:" + strconv.Itoa(testenv.FreePort(t))
	cmd := exec.Command(bin, "-dir", t.TempDir(), "-addr", addr)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start ferretd: %v", err)
	}
	done := make(chan struct{})
	uri := make(chan string, 1)
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			uri <- strings.TrimSpace(sc.Text())
		}
		_, _ = io.Copy(io.Discard, out) // keep the pipe drained until exit
		_ = cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	select {
	case u := <-uri:
		return u
	case <-done:
		t.Fatalf("ferretd exited at start: %s", stderr.String())
	case <-time.After(awaitFor):
		t.Fatalf("ferretd did not listen within %s", awaitFor)
	}
	return ""
}

// startCluster starts the shared store, Redis, n instances and nginx.
func startCluster(t *testing.T, n int) *cluster {
	t.Helper()
	bin, ferretd := buildBinaries(t)
	storeURI := startStore(t, ferretd)
	redis := testenv.StartRedis(t)

	c := &cluster{t: t, secret: testenv.Secret}
	for i := range n {
		c.instances = append(c.instances, &instance{name: fmt.Sprintf("warden-%d", i+1),
			httpPort: testenv.FreePort(t), wsPort: testenv.FreePort(t), mPort: testenv.FreePort(t)})
	}
	c.proxy = newProxy(t, c.instances)
	env := map[string]string{
		"AUTH_SECRET":     c.secret,
		"MONGODB_URI":     storeURI,
		"REDIS_URL":       redis.URL,
		"PUBLIC_URL":      c.proxy.httpURL(),
		"PUBLIC_WS_URL":   c.proxy.wsURL(),
		"ALLOWED_ORIGINS": c.proxy.httpURL(),
		"TRUSTED_PROXIES": "127.0.0.1",
		"LOG_LEVEL":       "warn",
	}
	// The first instance seeds the demo guild in the shared store; the
	// others start once it is ready and find it seeded.
	c.start(bin, c.instances[0], env)
	c.awaitReady(c.instances[0])
	for _, in := range c.instances[1:] {
		c.start(bin, in, env)
	}
	for _, in := range c.instances[1:] {
		c.awaitReady(in)
	}
	c.proxy.start()
	return c
}

func (c *cluster) start(bin string, in *instance, shared map[string]string) {
	t := c.t
	t.Helper()
	dir := t.TempDir()
	in.logPath = filepath.Join(dir, "warden.log")
	logFile, err := os.Create(in.logPath)
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
		"HTTP_PORT=" + strconv.Itoa(in.httpPort), "WS_PORT=" + strconv.Itoa(in.wsPort),
		"METRICS_ADDR=127.0.0.1:" + strconv.Itoa(in.mPort), "DATA_DIR=" + filepath.Join(dir, "data")}
	for k, v := range shared {
		env = append(env, k+"="+v)
	}
	in.cmd = exec.Command(bin, "--demo", "--demo-guilds", "1", "--demo-activity", "0")
	in.cmd.Env, in.cmd.Stdout, in.cmd.Stderr = env, logFile, logFile
	if err := in.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", in.name, err)
	}
	in.done = make(chan struct{})
	go func() {
		_ = in.cmd.Wait()
		_ = logFile.Close()
		close(in.done)
	}()
	t.Cleanup(func() {
		in.stop()
		if t.Failed() {
			c.dumpLog(in)
		}
	})
}

// stop ends the process: SIGTERM, then SIGKILL if it has not exited.
func (in *instance) stop() {
	select {
	case <-in.done:
		return
	default:
	}
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(20 * time.Second):
		_ = in.cmd.Process.Kill()
		<-in.done
	}
}

// kill ends the process with SIGKILL, as a crash would, and waits for it.
func (in *instance) kill() {
	_ = in.cmd.Process.Kill()
	<-in.done
}

func (c *cluster) dumpLog(in *instance) {
	f, err := os.Open(in.logPath)
	if err != nil {
		return
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	c.t.Logf("%s log (last %d lines):\n%s", in.name, len(lines), strings.Join(lines, "\n"))
}

// awaitReady waits until the instance's /readyz answers 200.
func (c *cluster) awaitReady(in *instance) {
	c.t.Helper()
	c.await(in.name+" ready (/readyz 200)", func() bool {
		select {
		case <-in.done:
			c.t.Fatalf("%s exited while starting", in.name)
		default:
		}
		return status(in.metrics()+"/readyz") == http.StatusOK
	})
}

// await polls cond until it holds or awaitFor passes.
func (c *cluster) await(what string, cond func() bool) {
	c.t.Helper()
	testenv.Eventually(c.t, awaitFor, what, cond)
}

// status answers a GET's status, 0 when nothing answered.
func status(u string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	_ = res.Body.Close()
	return res.StatusCode
}

// wsConnections reads the instance's warden_ws_connections gauge, -1 when
// the instance does not answer.
func wsConnections(in *instance) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, in.metrics()+"/metrics", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "warden_ws_connections "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err == nil {
				return int(f)
			}
		}
	}
	return -1
}
