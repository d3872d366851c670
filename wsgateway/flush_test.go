package wsgateway

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

func TestConsume(t *testing.T) {
	bufs := func() [][]byte { return [][]byte{[]byte("abc"), []byte("de"), []byte("f")} }
	cases := []struct {
		n    int
		want string
	}{
		{0, "abc|de|f"}, {1, "bc|de|f"}, {3, "de|f"}, {4, "e|f"}, {5, "f"}, {6, ""},
	}
	for _, tc := range cases {
		var parts []string
		for _, b := range consume(bufs(), tc.n) {
			parts = append(parts, string(b))
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("consume(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// writeNow takes more buffers than one writev may (IOV_MAX is 1024).
func TestWriteNowManyBuffers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	rc := rawConnOf(server)
	if rc == nil {
		t.Fatal("no raw connection for a TCP socket")
	}
	const n = 3000
	bufs := make([][]byte, n)
	for i := range bufs {
		bufs[i] = binary.BigEndian.AppendUint32(nil, uint32(i))
	}
	rest, err := writeNow(rc, bufs)
	if err != nil || len(rest) != 0 {
		t.Fatalf("writeNow: %d buffers left, %v", len(rest), err)
	}
	got := make([]byte, 4*n)
	if _, err := io.ReadFull(client, got); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if v := binary.BigEndian.Uint32(got[4*i:]); v != uint32(i) {
			t.Fatalf("buffer %d holds %d", i, v)
		}
	}
}

// A burst larger than one writev reaches the client whole and in order.
func TestBurstInOrder(t *testing.T) {
	e := startEnv(t, nil)
	c := dial(t, e.url)
	c.auth(userAlice)
	c.subscribe(guildA)
	const n = 3000
	for i := range n {
		if err := e.core.Broadcast(guildA, "gwalpha:happened", map[string]int{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	for want := uint64(1); want <= n; want++ {
		if ev := c.expect("gwalpha:happened"); ev.Seq != want {
			t.Fatalf("seq %d, want %d", ev.Seq, want)
		}
	}
}

// A client that breaks the framing gets one close frame, from the
// gateway's writer, and nothing after it (gorilla does not write).
func TestBrokenFramingOneClose(t *testing.T) {
	e := startEnv(t, func(c *core.Config) { c.Gateway.MaxFrameBytes = 1024 })
	cases := []struct {
		name  string
		frame []byte
		code  int
	}{
		{"unmasked frame", []byte{0x81, 0x01, 'a'}, CloseProtocol},
		{"reserved bits", []byte{0xF1, 0x81, 1, 2, 3, 4, 'a'}, CloseProtocol},
		{"frame over the limit", append([]byte{0x81, 0xFE, 0x08, 0x00, 1, 2, 3, 4}, make([]byte, 2048)...), CloseTooBig},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			nc := rawDial(t, e.gw.Addr())
			if _, err := nc.Write(tc.frame); err != nil {
				t.Fatal(err)
			}
			_ = nc.SetReadDeadline(time.Now().Add(10 * time.Second))
			all, _ := io.ReadAll(nc) // until the gateway closes the socket
			var closes []int
			for len(all) >= 2 {
				op, n := all[0]&0x0F, int(all[1]&0x7F)
				hl := 2
				if n == 126 {
					n, hl = int(binary.BigEndian.Uint16(all[2:])), 4
				}
				if len(all) < hl+n {
					t.Fatalf("truncated frame: % x", all)
				}
				if op == opClose {
					closes = append(closes, int(binary.BigEndian.Uint16(all[hl:])))
				}
				all = all[hl+n:]
			}
			if len(closes) != 1 || closes[0] != tc.code {
				t.Fatalf("close frames %v, want exactly one %d", closes, tc.code)
			}
		})
	}
}

// rawDial opens a WebSocket by hand and reads the handshake response; the
// connected frame stays unread.
func rawDial(t *testing.T, addr string) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = nc.Close() })
	req := "GET /ws HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n"
	if _, err := nc.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	resp := make([]byte, 0, 512)
	b := make([]byte, 1)
	for !bytes.HasSuffix(resp, []byte("\r\n\r\n")) {
		if _, err := nc.Read(b); err != nil {
			t.Fatalf("handshake: %v (%q)", err, resp)
		}
		resp = append(resp, b[0])
	}
	if !bytes.HasPrefix(resp, []byte("HTTP/1.1 101")) {
		t.Fatalf("handshake answered %q", resp)
	}
	return nc
}

// After Stop, the gateway's goroutines (flushers, heartbeat, recheck,
// listener) are all gone.
func TestStopLeavesNoGoroutines(t *testing.T) {
	e := startEnv(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.gw.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	base := runtime.NumGoroutine()
	for range 3 {
		if err := e.gw.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		ws, _, err := websocket.DefaultDialer.Dial("ws://"+e.gw.Addr()+"/ws", http.Header{"Origin": {origin}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.gw.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		_ = ws.Close()
	}
	waitFor(t, "goroutines back to the stopped gateway's", func() bool { return runtime.NumGoroutine() <= base })
}
