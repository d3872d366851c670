package wsgateway

import (
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// TestThousandClientsLeaveNoTrace connects 1,000 clients that authenticate
// and subscribe, closes them all, and checks that the gateway's goroutines,
// connections, rooms and subscriptions return to where they started.
func TestThousandClientsLeaveNoTrace(t *testing.T) {
	e := startEnv(t, func(c *core.Config) {
		c.Gateway.MaxConnectionsPerUser = 2000
		c.Gateway.MaxPendingPerAddress = 2000 // every client comes from 127.0.0.1
		c.Gateway.ConnectRatePerAddress = 2000
	})
	tok := token(t, userAlice, time.Hour)
	runtime.GC()
	base := runtime.NumGoroutine()

	const n = 1000
	conns := make([]*websocket.Conn, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 50)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ws, _, err := websocket.DefaultDialer.Dial(e.url, http.Header{"Origin": {origin}})
			if err != nil {
				t.Error(err)
				return
			}
			conns[i] = ws
			_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"auth","token":"`+tok+`"}`))
			_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"subscribe","guildId":"`+guildA+`"}`))
			for range 3 { // connected, authenticated, subscribed
				if _, _, err := ws.ReadMessage(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if got := e.gw.connections(); got != n {
		t.Fatalf("%d connections, want %d", got, n)
	}
	for _, ws := range conns {
		_ = ws.Close()
	}
	waitFor(t, "connections to drain", func() bool { return e.gw.connections() == 0 })
	waitFor(t, "goroutines back to baseline", func() bool {
		runtime.GC()
		return runtime.NumGoroutine() <= base+5
	})
	e.gw.roomsMu.RLock()
	rooms := len(e.gw.rooms)
	e.gw.roomsMu.RUnlock()
	if rooms != 0 {
		t.Fatalf("%d rooms left", rooms)
	}
}
