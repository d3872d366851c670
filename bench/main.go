package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/warden-bot/warden/core"
)

// roleEnv tells a child process it is the server (the test binary cannot
// take a "server" argument in place of its flags).
const roleEnv = "WARDEN_BENCH_ROLE"

func main() {
	if os.Getenv(roleEnv) == "server" || len(os.Args) > 1 && os.Args[1] == "server" {
		if err := serve(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "soak" {
		o, err := parseSoak(os.Args[2:], os.Stderr)
		if err == nil {
			_, err = soak(os.Stdout, o)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench soak:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.IntVar(&o.clients, "clients", 1000, "WebSocket clients")
	flag.IntVar(&o.rooms, "rooms", 1, "guild rooms the clients are spread over")
	flag.IntVar(&o.rate, "rate", 10, "events per second published to each room (0: only hold the connections)")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long to publish, or to hold idle connections with -rate 0")
	flag.IntVar(&o.pad, "pad", 0, "extra payload bytes per event")
	flag.StringVar(&o.redis, "redis", "", "REDIS_URL: run two server processes over Redis, the publisher on one and every client on the other")
	flag.IntVar(&o.parallel, "dialers", 32, "clients connecting at once")
	flag.BoolVar(&o.floor, "floor", false, "measure the machine's floor instead: plain TCP clients, fixed 150-byte messages, no WebSocket, no JSON, no Warden")
	flag.Parse()
	if _, err := run(os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	clients, rooms, rate, pad, parallel int
	duration                            time.Duration
	redis                               string
	floor                               bool
}

// server is a running server process.
type server struct {
	serverInfo
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// startServer runs this binary's server mode as a child process, so the
// server's memory is measured apart from the clients'.
func startServer(redisURL string) (*server, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("own executable: %w", err)
	}
	cmd := exec.Command(self, "server", "-redis", redisURL)
	cmd.Env = append(os.Environ(), roleEnv+"=server")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	s := &server{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &s.serverInfo)
	}
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("server did not start: %w", err)
	}
	return s, nil
}

func (s *server) stop() {
	_ = s.stdin.Close()
	_ = s.cmd.Wait()
}

func (s *server) mem() (memInfo, error) {
	var m memInfo
	resp, err := http.Get(s.Control + "/mem")
	if err != nil {
		return m, fmt.Errorf("server memory: %w", err)
	}
	defer resp.Body.Close()
	return m, json.NewDecoder(resp.Body).Decode(&m)
}

func (s *server) publish(o options) (int, error) {
	q := url.Values{"rate": {strconv.Itoa(o.rate)}, "rooms": {strconv.Itoa(o.rooms)},
		"duration": {o.duration.String()}, "pad": {strconv.Itoa(o.pad)}}
	if o.floor {
		q.Set("floor", "1")
	}
	resp, err := http.Post(s.Control+"/publish?"+q.Encode(), "", nil)
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("publish: %s: %s", resp.Status, b)
	}
	var out struct{ Sent int }
	return out.Sent, json.NewDecoder(resp.Body).Decode(&out)
}

// result is what a run measured.
type result struct {
	want, got, gaps, closed int64
	p99                     time.Duration
	rssPerConn              float64 // bytes
}

func run(out io.Writer, o options) (result, error) {
	var res result
	if o.clients <= 0 || o.rooms <= 0 || o.rate < 0 || o.parallel <= 0 {
		return res, errors.New("-clients, -rooms and -dialers must be positive and -rate not negative")
	}
	if o.floor && o.rooms > 1 {
		return res, errors.New("-floor takes one room")
	}
	host, err := startServer(o.redis)
	if err != nil {
		return res, err
	}
	defer host.stop()
	pub := host
	if o.redis != "" {
		if pub, err = startServer(o.redis); err != nil {
			return res, err
		}
		defer pub.stop()
	}
	token, err := core.MintToken([]byte(secret), benchUser, "ws", 24*time.Hour, time.Now())
	if err != nil {
		return res, err
	}

	m0, err := host.mem()
	if err != nil {
		return res, err
	}
	start := time.Now()
	var p *pool
	if o.floor {
		p, err = connectFloor(host.Floor, o.clients)
	} else {
		p, err = connect(host.WS, token, o.clients, o.rooms, o.parallel)
	}
	if err != nil {
		return res, err
	}
	defer p.close()
	connected := time.Since(start)
	m1, err := host.mem()
	if err != nil {
		return res, err
	}
	kib := func(b int64) float64 { return float64(b) / float64(o.clients) / 1024 }
	fmt.Fprintf(out, "clients=%d rooms=%d connected in %s\n", o.clients, o.rooms, connected.Round(time.Millisecond))
	fmt.Fprintf(out, "server per connection: RSS %.2f KiB after GC, %.2f KiB before (heap %.2f KiB, stacks %.2f KiB), goroutines %d -> %d\n",
		kib(m1.RSS-m0.RSS), kib(m1.RawRSS-m0.RSS), kib(m1.HeapInuse-m0.HeapInuse), kib(m1.StackInuse-m0.StackInuse), m0.Goroutines, m1.Goroutines)

	if o.rate == 0 {
		fmt.Fprintf(out, "holding; server heap profile: go tool pprof %s/debug/pprof/heap\n", host.Control)
		time.Sleep(o.duration)
		m2, err := host.mem()
		if err != nil {
			return res, err
		}
		fmt.Fprintf(out, "after %s idle: RSS %.2f KiB per connection, server closed %d\n", o.duration, kib(m2.RSS-m0.RSS), p.closed.Load())
		res.rssPerConn = float64(m2.RSS-m0.RSS) / float64(o.clients)
		res.closed = p.closed.Load()
		return res, nil
	}
	sent, err := pub.publish(o)
	if err != nil {
		return res, err
	}
	want := int64(sent) * int64(o.clients)
	deadline := time.Now().Add(10 * time.Second)
	for p.received.Load() < want && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	got := p.received.Load()
	fmt.Fprintf(out, "published=%d per room, deliveries=%d/%d lost=%d gaps=%d closed=%d, %.0f deliveries/s\n",
		sent, got, want, want-got, p.gaps.Load(), p.closed.Load(), float64(got)/o.duration.Seconds())
	fmt.Fprintf(out, "publish->receive p50=%s p99=%s p99.9=%s max=%s\n",
		p.lat.quantile(0.50), p.lat.quantile(0.99), p.lat.quantile(0.999), time.Duration(p.lat.max.Load()).Round(time.Microsecond))
	res.want, res.got, res.gaps, res.closed, res.p99 = want, got, p.gaps.Load(), p.closed.Load(), p.lat.quantile(0.99)
	return res, nil
}
