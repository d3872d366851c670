package wsgateway

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestTwoInstancesOverRedis runs two gateways on two cores sharing one
// redis-server: events from either reach both in one order with one seq,
// resume works across them, and a Redis crash mid-stream costs no silent
// loss (local delivery goes on; clients are told to resync).
func TestTwoInstancesOverRedis(t *testing.T) {
	rd := testenv.StartRedis(t)
	withRedis := func(c *core.Config) { c.RedisURL = rd.URL }
	a, b := startEnv(t, withRedis), startEnv(t, withRedis)
	ca, cb := dial(t, a.url), dial(t, b.url)
	ca.auth(userAlice)
	cb.auth(userAlice)
	epoch := ca.subscribe(guildA).field("epoch")
	if e2 := cb.subscribe(guildA).field("epoch"); e2 != epoch {
		t.Fatalf("instances disagree on the epoch: %s vs %s", epoch, e2)
	}
	for i := 1; i <= 6; i++ {
		broadcast(t, []*core.Core{a.core, b.core}[i%2], guildA, "gwalpha:happened", i)
	}
	for _, c := range []*client{ca, cb} {
		for want := uint64(1); want <= 6; want++ {
			if ev := c.expect("gwalpha:happened"); ev.Seq != want || ev.field("i") != fmt.Sprint(want) {
				t.Fatalf("got seq %d %s, want %d", ev.Seq, ev.Data, want)
			}
		}
	}

	t.Run("resume across instances", func(t *testing.T) {
		r := dial(t, b.url)
		r.auth(userAlice)
		r.sendRaw(fmt.Sprintf(`{"type":"subscribe","guildId":"%s","since":2,"epoch":"%s"}`, guildA, epoch))
		r.expect("subscribed")
		for want := uint64(3); want <= 6; want++ {
			if ev := r.expect("gwalpha:happened"); ev.Seq != want {
				t.Fatalf("seq %d, want %d", ev.Seq, want)
			}
		}
	})

	t.Run("redis killed and restarted", func(t *testing.T) {
		rd.Stop()
		broadcast(t, a.core, guildA, "gwalpha:happened", 100)
		// A's client still gets the event, in A's local epoch, told to resync.
		ca.expect("subscribed")
		ca.expect("resync")
		if ev := ca.expect("gwalpha:happened"); ev.field("i") != "100" {
			t.Fatalf("local event = %s", ev.Data)
		}
		rd.Start()
		waitFor(t, "both brokers reach redis again", func() bool {
			return len(a.core.Ready(t.Context())) > 0 && a.core.Ready(t.Context())["redis"] == nil &&
				b.core.Ready(t.Context())["redis"] == nil
		})
		// Until each instance has resubscribed, an event may come as a
		// resync instead; keep publishing until both clients see live ones.
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			for i := 200; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				_ = b.core.Broadcast(guildA, "gwalpha:happened", map[string]int{"i": i})
			}
		}()
		for _, c := range []*client{ca, cb} {
			for {
				ev, err := c.read()
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := strconv.Atoi(ev.field("i")); ev.Event == "gwalpha:happened" && n >= 200 {
					break
				}
			}
		}
	})
}
