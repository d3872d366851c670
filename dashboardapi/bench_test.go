package dashboardapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

// Benchmarks of the dashboard API over real HTTP, against the simulated
// Discord's directory and the embedded store, as docs/benchmarks.md
// records them:
//
//	go test ./dashboardapi -run '^$' -bench 'Stats|GuildConfig' -benchtime 3s -count 3
//
// Each request comes from its own client address (X-Forwarded-For from a
// trusted proxy), as behind a load balancer, so the per-client rate limits
// do not turn the run into a measure of 429s.

func BenchmarkStats(b *testing.B) {
	benchGET(b, "/api/stats", simSuperuser)
}

func BenchmarkGuildConfig(b *testing.B) {
	benchGET(b, "/api/guilds/"+simGuild1+"/dashboard/settings", simUser(1))
}

// benchGET runs GET path as user from parallel clients and reports the
// median and 99th-percentile latency and the request rate.
func benchGET(b *testing.B, path, user string) {
	e := startSim(b, func(c *core.Config) {
		c.TrustedProxies = []string{"127.0.0.1"}
		c.LogLevel = "error"
	})
	seedActivity(b, e, 500)
	auth := "Bearer " + token(b, user)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	b.Cleanup(client.CloseIdleConnections)
	var (
		next      atomic.Uint32
		failed    atomic.Int64
		mu        sync.Mutex
		latencies []time.Duration
	)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			n := next.Add(1)
			req, _ := http.NewRequest(http.MethodGet, e.base+path, nil)
			req.Header.Set("Authorization", auth)
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
			start := time.Now()
			rs, err := client.Do(req)
			if err != nil {
				failed.Add(1)
				continue
			}
			_, _ = io.Copy(io.Discard, rs.Body)
			rs.Body.Close()
			mine = append(mine, time.Since(start))
			if rs.StatusCode != http.StatusOK {
				failed.Add(1)
			}
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, b.N)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// seedActivity stores n activity records spread over the last 60 days,
// a third of them slash commands, from 500 users in the two guilds.
func seedActivity(b *testing.B, e *simEnv, n int) {
	b.Helper()
	now := time.Now().UTC()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := range n {
		kind, typ := "infraction", core.ActivityInfo
		if i%3 == 0 {
			kind, typ = "command", core.ActivitySuccess
		}
		guild := simGuild1
		if i%2 == 1 {
			guild = simGuild2
		}
		err := e.core.RecordActivity(ctx, core.Activity{Type: typ, Kind: kind, Message: fmt.Sprintf("event %d", i), GuildID: guild,
			UserID: fmt.Sprintf("2%017d", i%500), Timestamp: now.Add(-60 * 24 * time.Hour / time.Duration(n) * time.Duration(i)).Truncate(time.Millisecond)})
		if err != nil {
			b.Fatalf("seed activity: %v", err)
		}
	}
}
