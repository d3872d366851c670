package wsgateway

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

func TestOrderUnderConcurrentPublishers(t *testing.T) {
	e := startEnv(t, nil)
	clients := make([]*client, 3)
	for i := range clients {
		clients[i] = dial(t, e.url)
		clients[i].auth(userAlice)
		clients[i].subscribe(guildA)
	}
	const publishers, each = 4, 50
	var wg sync.WaitGroup
	for p := range publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := e.core.Broadcast(guildA, "gwalpha:happened", map[string]int{"i": p*1000 + i}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	var first []string
	for ci, c := range clients {
		var got []string
		for want := uint64(1); want <= publishers*each; want++ {
			ev := c.expect("gwalpha:happened")
			if ev.Seq != want {
				t.Fatalf("client %d: seq %d, want %d", ci, ev.Seq, want)
			}
			got = append(got, string(ev.Data))
		}
		if first == nil {
			first = got
		} else if strings.Join(got, ",") != strings.Join(first, ",") {
			t.Fatalf("client %d saw another order", ci)
		}
	}
}

func TestResumeAndResync(t *testing.T) {
	e := startEnv(t, func(c *core.Config) { c.History.Size = 16 })
	c := dial(t, e.url)
	c.auth(userAlice)
	epoch := c.subscribe(guildA).field("epoch")
	for i := 1; i <= 3; i++ {
		broadcast(t, e.core, guildA, "gwalpha:happened", i)
		c.expect("gwalpha:happened")
	}
	_ = c.ws.Close()
	for i := 4; i <= 6; i++ {
		broadcast(t, e.core, guildA, "gwalpha:happened", i)
	}

	t.Run("replay then live, no gap or duplicate", func(t *testing.T) {
		r := dial(t, e.url)
		r.auth(userAlice)
		done := make(chan struct{})
		go func() { // publish while the resume is in flight
			defer close(done)
			for i := 7; i <= 12; i++ {
				_ = e.core.Broadcast(guildA, "gwalpha:happened", map[string]int{"i": i})
			}
		}()
		r.sendRaw(fmt.Sprintf(`{"type":"subscribe","guildId":"%s","since":3,"epoch":"%s"}`, guildA, epoch))
		r.expect("subscribed")
		for want := uint64(4); want <= 12; want++ {
			if ev := r.expect("gwalpha:happened"); ev.Seq != want {
				t.Fatalf("seq %d, want %d", ev.Seq, want)
			}
		}
		<-done
	})
	for i := 13; i <= 20; i++ { // the history now holds 5..20
		broadcast(t, e.core, guildA, "gwalpha:happened", i)
	}
	tests := []struct{ name, frame string }{
		{"past history", fmt.Sprintf(`{"type":"subscribe","guildId":"%s","since":3,"epoch":"%s"}`, guildA, epoch)},
		{"other epoch", fmt.Sprintf(`{"type":"subscribe","guildId":"%s","since":15,"epoch":"0123abcd"}`, guildA)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := dial(t, e.url)
			r.auth(userAlice)
			r.sendRaw(tc.frame)
			if head := r.expect("subscribed"); head.field("seq") < "20" {
				t.Fatalf("head = %s", head.Data)
			}
			r.expect("resync")
			broadcast(t, e.core, guildA, "gwbeta:happened", 0)
			r.expect("gwbeta:happened")
		})
	}
}

func TestSlowClientClosed4009(t *testing.T) {
	e := startEnv(t, func(c *core.Config) {
		c.Gateway.SendQueueBytes = 256 << 10
		c.Gateway.WriteTimeout = 5 * time.Second
	})
	slow, fast := dial(t, e.url), dial(t, e.url)
	slow.auth(userAlice)
	fast.auth(userAlice)
	slow.subscribe(guildA)
	fast.subscribe(guildA)
	big := strings.Repeat("x", 8<<10)
	const n = 1500 // 12 MB: more than the socket buffers and the queue hold
	go func() {
		for i := range n {
			_ = e.core.Broadcast(guildA, "gwalpha:happened", map[string]any{"i": i, "pad": big})
			if i%2 == 0 {
				time.Sleep(time.Millisecond) // paced so the fast client keeps up under -race
			}
		}
	}()
	for want := uint64(1); want <= n; want++ {
		if ev := fast.expect("gwalpha:happened"); ev.Seq != want {
			t.Fatalf("fast client: seq %d, want %d", ev.Seq, want)
		}
	}
	slow.expectClose(CloseTooSlow)
}
