package wsgateway

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// The gateway writes its own frames (frame.go); a real gorilla client must
// read every header length RFC 6455 has: 7-bit, 16-bit and 64-bit.
func TestFramesOfEverySize(t *testing.T) {
	e := startEnv(t, nil)
	c := dial(t, e.url)
	c.auth(userAlice)
	c.subscribe(guildA)
	for _, n := range []int{0, 1, 60, 125, 126, 127, 65535, 65536, 200_000} {
		pad := strings.Repeat("x", n)
		if err := e.core.Broadcast(guildA, "gwalpha:happened", map[string]string{"pad": pad}); err != nil {
			t.Fatal(err)
		}
		ev := c.expect("gwalpha:happened")
		var data struct{ Pad string }
		if err := json.Unmarshal(ev.Data, &data); err != nil || data.Pad != pad {
			t.Fatalf("payload of %d bytes came back as %d bytes (%v)", n, len(data.Pad), err)
		}
	}
}

func TestClientControlFrames(t *testing.T) {
	e := startEnv(t, nil)
	c := dial(t, e.url)
	c.auth(userAlice)

	// A protocol ping from the client is answered with its payload.
	pong := make(chan string, 1)
	c.ws.SetPongHandler(func(data string) error { pong <- data; return nil })
	if err := c.ws.WriteControl(websocket.PingMessage, []byte("hello"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	c.sendRaw(`{"type":"ping"}`)
	c.expect("pong") // control frames are handled while reading
	select {
	case got := <-pong:
		if got != "hello" {
			t.Fatalf("pong payload %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no pong to the client's ping")
	}

	// A close from the client is answered with a close, then the socket
	// is released.
	if err := c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "bye"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err := c.read()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseNormalClosure {
		t.Fatalf("after the client's close: %v, want the server's close 1000", err)
	}
	waitFor(t, "connection released", func() bool { return e.gw.connections() == 0 })
}

func TestPongCountsItsFrame(t *testing.T) {
	for _, data := range []string{"", "x", strings.Repeat("p", 125)} {
		m := pongMsg(data)
		if m.size != len(m.frame) || m.size != len(data)+2 || m.frame[0] != 0x80|opPong {
			t.Errorf("pong for %d bytes: size %d, frame % x", len(data), m.size, m.frame[:2])
		}
	}
}

// A client that sends protocol pings and never reads the pongs is closed
// like any client too slow for its queue, and the gateway's memory for it
// stays bounded.
func TestPingFloodWithoutReading(t *testing.T) {
	e := startEnv(t, func(c *core.Config) { c.Gateway.SendQueueBytes = 4 << 10 })
	c := dial(t, e.url)
	c.auth(userAlice)
	payload := []byte(strings.Repeat("p", 125)) // the largest control payload
	for i := 0; i < 200_000 && e.gw.connections() > 0; i++ {
		if err := c.ws.WriteControl(websocket.PingMessage, payload, time.Now().Add(5*time.Second)); err != nil {
			break // the gateway has closed the socket
		}
	}
	waitFor(t, "the flooding client closed", func() bool { return e.gw.connections() == 0 })
}
