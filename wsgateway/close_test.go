package wsgateway

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// maskedTextFrame builds a client text frame by hand, so that a burst can
// go out in one write.
func maskedTextFrame(payload string) []byte {
	key := [4]byte{1, 2, 3, 4}
	b := []byte{0x81}
	if n := len(payload); n < 126 {
		b = append(b, 0x80|byte(n))
	} else {
		b = append(b, 0x80|126, byte(n>>8), byte(n))
	}
	b = append(b, key[:]...)
	for i := range len(payload) {
		b = append(b, payload[i]^key[i%4])
	}
	return b
}

// smallWindowDialer dials with a small receive buffer, so that what the
// server sends while the client is not reading stays in the server's send
// queue, as it does for a client on a slow link.
var smallWindowDialer = &websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		if err := rc.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 2048)
		}); err != nil {
			return err
		}
		return serr
	}}
	return d.Dial(network, addr)
}}

// onlyConn returns the gateway's one connection.
func (e *env) onlyConn(t *testing.T) *conn {
	t.Helper()
	e.gw.mu.Lock()
	defer e.gw.mu.Unlock()
	if len(e.gw.conns) != 1 {
		t.Fatalf("%d connections, want 1", len(e.gw.conns))
	}
	for c := range e.gw.conns {
		return c
	}
	return nil
}

// A client that sends a burst of 40 subscribes without reading gets every
// reply and then close code 4008, not a reset connection (1006): the
// server sends its close frame, drains what the client still sends until
// the client's close frame (or CloseTimeout), and only then closes the
// socket. Closing at once, with the burst unread, made the kernel reset
// the connection and drop the replies still queued for the client.
func TestBurstOfSubscribesGetsCloseCode4008(t *testing.T) {
	e := startEnv(t, nil)
	ws, _, err := smallWindowDialer.Dial(e.url, http.Header{"Origin": {origin}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	c := &client{t: t, ws: ws}
	c.expect("connected")
	c.auth(userAlice)
	c.subscribe(guildA)
	// Events the client does not read yet: they fill its small window and
	// wait in the server's send queue.
	const events = 30
	for i := range events {
		if err := e.core.Broadcast(guildA, "gwalpha:happened", map[string]string{"pad": strings.Repeat("x", 200), "i": fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	var burst []byte
	for i := range 40 {
		// Padded, so that most of the burst is still unread in the
		// server's socket when it decides to close.
		frame := fmt.Sprintf(`{"type":"subscribe","guildId":"3000000000000000%02d"%s}`, i+10, strings.Repeat(" ", 2000))
		burst = append(burst, maskedTextFrame(frame)...)
	}
	if _, err := ws.UnderlyingConn().Write(burst); err != nil {
		t.Fatal(err)
	}
	sc := e.onlyConn(t)
	waitFor(t, "the server to have written its close frame", func() bool {
		select {
		case <-sc.writerDone:
			return true
		default:
			return false
		}
	})
	got, limited := 0, 0
	for {
		ev, err := c.read()
		if err != nil {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != CloseRateLimited {
				t.Fatalf("after %d events and %d RATE_LIMITED replies the connection ended with %v, want close code %d", got, limited, err, CloseRateLimited)
			}
			break
		}
		switch {
		case ev.Event == "gwalpha:happened":
			got++
		case ev.Event == "error" && ev.field("code") == string(core.CodeRateLimited):
			limited++
		}
	}
	if got != events || limited == 0 {
		t.Fatalf("got %d of %d events and %d RATE_LIMITED replies before the close", got, events, limited)
	}
}
