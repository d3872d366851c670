package wsgateway

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/warden-bot/warden/core"
)

// BenchmarkFanout measures the broker handler's fanout to N members of one
// room: encode the envelope and its frame once, then enqueue the same frame
// for each member. allocs/op is per event and stays the same whatever N is,
// so the path allocates nothing per subscriber.
func BenchmarkFanout(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			g := &Gateway{
				cfg:   core.GatewayConfig{SendQueueBytes: 1 << 30},
				log:   slog.New(slog.NewTextHandler(io.Discard, nil)),
				m:     newMetrics(prometheus.NewRegistry()),
				rooms: map[string]*room{},
			}
			r := g.acquire(guildA)
			conns := make([]*conn, n)
			for i := range conns {
				conns[i] = &conn{g: g, q: newSendQueue(1 << 30), kill: make(chan struct{})}
				conns[i].q.running = true // the benchmark's drain plays the writer
				m := &member{c: conns[i], room: r, access: allowAll, epoch: "e"}
				r.members[m] = struct{}{}
			}
			ev := core.Event{Room: guildA, Name: "gwalpha:happened", Data: []byte(`{"i":1,"text":"a typical small payload"}`), Epoch: "e", Timestamp: time.Now().UnixMilli()}
			bufs := make([][]*outMsg, n)
			drain := func() {
				for j, c := range conns {
					bufs[j] = c.q.take(bufs[j])
					clear(bufs[j])
				}
			}
			for i := range 128 { // warm up: grow each queue's two arrays once
				ev.Seq++
				g.onEvent(&ev)
				if i%64 == 63 {
					drain()
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				ev.Seq++
				g.onEvent(&ev)
				if i%64 == 63 { // the writers' part: drain the queues, reusing arrays
					b.StopTimer()
					drain()
					b.StartTimer()
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "deliveries/s")
		})
	}
}
