package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/wsgateway"
)

const (
	guild  = "300000000000000001"
	secret = "bench-secret-bench-secret-bench-secret-0"
)

type benchPlugin struct{}

func (benchPlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "bench", Name: "bench"} }
func (benchPlugin) Events() []core.EventSpec {
	return []core.EventSpec{{Name: "bench:tick", Description: "load generator event", Example: map[string]int64{"sentNs": 1}}}
}

func main() {
	clients := flag.Int("clients", 1000, "WebSocket clients")
	rate := flag.Int("rate", 10, "events per second published to the room")
	dur := flag.Duration("duration", 10*time.Second, "how long to publish")
	redisURL := flag.String("redis", "", "REDIS_URL: run two instances over Redis, clients on the second")
	flag.Parse()
	if err := run(*clients, *rate, *dur, *redisURL); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func startInstance(ctx context.Context, redisURL string) (*core.Core, *wsgateway.Gateway, error) {
	dir, err := os.MkdirTemp("", "warden-bench")
	if err != nil {
		return nil, nil, err
	}
	cfg := &core.Config{AuthSecret: secret, DataDir: dir, MetricsAddr: "off", RedisURL: redisURL, LogLevel: "warn"}
	cfg.Gateway.MaxConnections = 1 << 20
	cfg.Gateway.MaxConnectionsPerUser = 1 << 20
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c := core.New(cfg, core.Options{Logger: log})
	if err := c.Start(ctx); err != nil {
		return nil, nil, err
	}
	g := wsgateway.New(c, wsgateway.WithAddr("127.0.0.1:0"), wsgateway.WithRegisterer(nil))
	return c, g, g.Start(ctx)
}

func run(n, rate int, dur time.Duration, redisURL string) error {
	core.RegisterPlugin(core.PluginInfo{ID: "bench", Name: "bench", New: func() core.Plugin { return benchPlugin{} }})
	ctx := context.Background()
	pub, gw, err := startInstance(ctx, redisURL)
	if err != nil {
		return err
	}
	if redisURL != "" {
		if _, gw, err = startInstance(ctx, redisURL); err != nil {
			return err
		}
	}
	tok, err := core.MintToken([]byte(secret), "100000000000000001", "ws", time.Hour, time.Now())
	if err != nil {
		return err
	}
	// The bench user is a superuser of no guild: give it access to all.
	pub.SetAccess(allowAll{})

	var m0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	lat := &latencies{}
	var received atomic.Int64
	conns, err := connectAll(n, "ws://"+gw.Addr()+"/ws", tok, lat, &received)
	if err != nil {
		return err
	}
	var m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m1)
	fmt.Printf("clients=%d heap-in-use delta per client (server and clients in one process): %.1f KiB\n",
		n, float64(m1.HeapInuse+m1.StackInuse-m0.HeapInuse-m0.StackInuse)/float64(n)/1024)

	tick := time.NewTicker(time.Second / time.Duration(rate))
	end := time.Now().Add(dur)
	sent := 0
	for now := range tick.C {
		if now.After(end) {
			break
		}
		if err := pub.Broadcast(guild, "bench:tick", map[string]int64{"sentNs": time.Now().UnixNano()}); err != nil {
			return err
		}
		sent++
	}
	tick.Stop()
	time.Sleep(2 * time.Second)
	want := int64(sent) * int64(n)
	fmt.Printf("published=%d deliveries=%d/%d lost=%d rate=%.0f deliveries/s\n",
		sent, received.Load(), want, want-received.Load(), float64(received.Load())/dur.Seconds())
	p50, p99, max := lat.summary()
	fmt.Printf("publish->receive latency p50=%s p99=%s max=%s\n", p50, p99, max)
	for _, c := range conns {
		_ = c.Close()
	}
	return nil
}

type allowAll struct{}

func (allowAll) Check(context.Context, string, string) (core.Access, error) {
	return core.Access{Allowed: true, Reason: "bench"}, nil
}
func (allowAll) Guilds(context.Context, string) ([]string, error) { return []string{guild}, nil }

func connectAll(n int, url, tok string, lat *latencies, received *atomic.Int64) ([]*websocket.Conn, error) {
	conns := make([]*websocket.Conn, n)
	d := websocket.Dialer{ReadBufferSize: 1024, WriteBufferSize: 1024}
	for i := range conns {
		ws, _, err := d.Dial(url, http.Header{})
		if err != nil {
			return nil, fmt.Errorf("client %d: %w", i, err)
		}
		_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"auth","token":"`+tok+`"}`))
		_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"subscribe","guildId":"`+guild+`"}`))
		for range 3 {
			if _, _, err := ws.ReadMessage(); err != nil {
				return nil, fmt.Errorf("client %d handshake: %w", i, err)
			}
		}
		conns[i] = ws
		go read(ws, lat, received)
	}
	return conns, nil
}

func read(ws *websocket.Conn, lat *latencies, received *atomic.Int64) {
	var env struct {
		Data struct {
			SentNs int64 `json:"sentNs"`
		} `json:"data"`
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if json.Unmarshal(data, &env) == nil && env.Data.SentNs > 0 {
			lat.add(time.Duration(time.Now().UnixNano() - env.Data.SentNs))
			received.Add(1)
		}
	}
}

type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) summary() (p50, p99, max time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0, 0, 0
	}
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	return l.d[len(l.d)/2], l.d[len(l.d)*99/100], l.d[len(l.d)-1]
}
