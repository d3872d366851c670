package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/wsgateway"
)

const (
	benchUser = "100000000000000001"
	secret    = "bench-secret-bench-secret-bench-secret-0"
)

type benchPlugin struct{}

func (benchPlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "bench", Name: "bench"} }
func (benchPlugin) Events() []core.EventSpec {
	return []core.EventSpec{{Name: "bench:tick", Description: "load generator event", Example: map[string]int64{"sentNs": 1}}}
}

// roomID is the guild id of the bench's i-th room.
func roomID(i int) string { return strconv.FormatInt(300000000000000001+int64(i), 10) }

// allowAll lets the bench user into every room.
type allowAll struct{}

func (allowAll) Check(context.Context, string, string) (core.Access, error) {
	return core.Access{Allowed: true, Reason: "bench"}, nil
}
func (allowAll) Guilds(context.Context, string) ([]string, error) { return nil, nil }

// serverInfo is the line a server process prints once it listens.
type serverInfo struct {
	WS      string `json:"ws"`
	Control string `json:"control"`
	Floor   string `json:"floor"` // plain TCP address of the floor mode
}

// memInfo is what GET /mem answers, measured after a full GC that returns
// freed memory to the OS.
type memInfo struct {
	RawRSS     int64 `json:"rawRSS"` // before the GC
	RSS        int64 `json:"rss"`
	HeapInuse  int64 `json:"heapInuse"`
	StackInuse int64 `json:"stackInuse"`
	Goroutines int   `json:"goroutines"`
	FDs        int   `json:"fds"` // open file descriptors
}

// serve runs one Warden instance (a core with the embedded store and its
// gateway) and a control endpoint the driver uses to read memory and to
// publish. It runs until its standard input closes.
func serve(args []string) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	redisURL := fs.String("redis", "", "REDIS_URL shared with the other instance")
	if err := fs.Parse(args); err != nil {
		return err
	}
	core.RegisterPlugin(core.PluginInfo{ID: "bench", Name: "bench", New: func() core.Plugin { return benchPlugin{} }})
	dir, err := os.MkdirTemp("", "warden-bench")
	if err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	defer os.RemoveAll(dir)
	cfg := &core.Config{AuthSecret: secret, DataDir: dir, MetricsAddr: "off", RedisURL: *redisURL, LogLevel: "warn"}
	cfg.Gateway.MaxConnections = 1 << 20
	cfg.Gateway.MaxConnectionsPerUser = 1 << 20
	cfg.Gateway.MaxPendingPerAddress = 1 << 20 // every client comes from loopback
	cfg.Gateway.ConnectRatePerAddress = 1 << 20
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx := context.Background()
	c := core.New(cfg, core.Options{Logger: log})
	if err := c.Start(ctx); err != nil {
		return fmt.Errorf("core: %w", err)
	}
	defer c.Stop(context.Background())
	c.SetAccess(allowAll{})
	g := wsgateway.New(c, wsgateway.WithAddr("127.0.0.1:0"), wsgateway.WithRegisterer(nil))
	if err := g.Start(ctx); err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer g.Stop(context.Background())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("control listener: %w", err)
	}
	floor, err := newFloorServer()
	if err != nil {
		return err
	}
	defer floor.ln.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /mem", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(measure())
	})
	mux.HandleFunc("POST /publish", func(w http.ResponseWriter, r *http.Request) {
		sent, err := publish(c, floor, r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]int{"sent": sent})
	})
	mux.HandleFunc("/debug/pprof/", pprof.Index) // go tool pprof <control>/debug/pprof/heap
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	si := serverInfo{WS: "ws://" + g.Addr() + "/ws", Control: "http://" + ln.Addr().String(), Floor: floor.ln.Addr().String()}
	info, _ := json.Marshal(si)
	fmt.Println(string(info))
	fmt.Fprintf(os.Stderr, "bench server: gateway %s, control %s (pprof under /debug/pprof/)\n", si.WS, si.Control)
	// The driver holds our stdin; its end (or the driver's) stops us.
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	return nil
}

// publish broadcasts rate events per second to each of rooms rooms for
// duration, each carrying its publish time, and returns the count per room.
func publish(c *core.Core, floor *floorServer, r *http.Request) (int, error) {
	q := r.URL.Query()
	rate, err1 := strconv.Atoi(q.Get("rate"))
	rooms, err2 := strconv.Atoi(q.Get("rooms"))
	dur, err3 := time.ParseDuration(q.Get("duration"))
	pad, _ := strconv.Atoi(q.Get("pad"))
	if err1 != nil || err2 != nil || err3 != nil || rate <= 0 || rooms <= 0 || dur <= 0 || pad < 0 {
		return 0, fmt.Errorf("rate, rooms and duration must be positive")
	}
	padding := strings.Repeat("x", pad)
	// Publish on schedule: each tick sends every event due by then, so a
	// slow tick is made up for instead of lowering the rate.
	tick := time.NewTicker(time.Second / time.Duration(min(rate, 1000)))
	defer tick.Stop()
	start := time.Now()
	sent := 0
	for now := range tick.C {
		elapsed := now.Sub(start)
		if elapsed > dur {
			break
		}
		for due := int(elapsed.Seconds() * float64(rate)); sent < due; sent++ {
			if q.Get("floor") != "" {
				floor.publish(runtime.GOMAXPROCS(0))
				continue
			}
			for i := range rooms {
				data := map[string]any{"sentNs": time.Now().UnixNano(), "pad": padding}
				if err := c.Broadcast(roomID(i), "bench:tick", data); err != nil {
					return sent, fmt.Errorf("broadcast: %w", err)
				}
			}
		}
	}
	return sent, nil
}

func measure() memInfo {
	raw := rss()
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memInfo{RawRSS: raw, RSS: rss(), HeapInuse: int64(ms.HeapInuse), StackInuse: int64(ms.StackInuse), Goroutines: runtime.NumGoroutine(), FDs: openFDs()}
}

// rss reads this process's resident set size from /proc (Linux).
func rss() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// openFDs counts this process's open file descriptors (Linux).
func openFDs() int {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(fds)
}
