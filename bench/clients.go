package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// pool is the load generator's clients and what they have received.
type pool struct {
	conns    []*client
	raw      []net.Conn // floor mode
	lat      hist
	received atomic.Int64
	gaps     atomic.Int64 // events missing or out of order, by seq
	closed   atomic.Int64 // connections the server closed
	done     chan struct{}
	wg       sync.WaitGroup
}

type client struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	room string
}

// connect opens n clients, spread over rooms, with parallel dialers; each
// authenticates and subscribes before connect returns.
func connect(url, token string, n, rooms, parallel int) (*pool, error) {
	p := &pool{conns: make([]*client, n), done: make(chan struct{})}
	errs := make(chan error, parallel)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				c, err := p.dial(url, token, roomID(i%rooms))
				if err != nil {
					errs <- fmt.Errorf("client %d: %w", i, err)
					return
				}
				p.conns[i] = c
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		p.close()
		return nil, err
	}
	p.wg.Add(1)
	go p.keepAlive()
	return p, nil
}

func (p *pool) dial(url, token, room string) (*client, error) {
	d := websocket.Dialer{ReadBufferSize: 1024, WriteBufferSize: 256, HandshakeTimeout: 30 * time.Second}
	ws, _, err := d.Dial(url, http.Header{})
	if err != nil {
		return nil, err
	}
	c := &client{ws: ws, room: room}
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for _, f := range []string{`{"type":"auth","token":"` + token + `"}`, `{"type":"subscribe","guildId":"` + room + `"}`} {
		if err := ws.WriteMessage(websocket.TextMessage, []byte(f)); err != nil {
			_ = ws.Close()
			return nil, err
		}
	}
	for _, want := range []string{`"connected"`, `"authenticated"`, `"subscribed"`} {
		_, data, err := ws.ReadMessage()
		if err != nil {
			_ = ws.Close()
			return nil, fmt.Errorf("waiting for %s: %w", want, err)
		}
		if !bytes.Contains(data, []byte(want)) {
			_ = ws.Close()
			return nil, fmt.Errorf("want %s, got %s", want, data)
		}
	}
	_ = ws.SetReadDeadline(time.Time{})
	p.wg.Add(1)
	go p.read(c)
	return c, nil
}

// read counts the events a client receives and records each one's
// publish-to-receive latency from the sentNs in its payload.
func (p *pool) read(c *client) {
	defer p.wg.Done()
	var last uint64
	buf := make([]byte, 0, 512)
	for {
		data, err := readInto(c.ws, buf[:0])
		buf = data
		if err != nil {
			select {
			case <-p.done:
			default:
				p.closed.Add(1)
			}
			return
		}
		now := time.Now().UnixNano()
		sent := field(data, `"sentNs":`)
		if sent == 0 {
			continue // pong or another reply
		}
		p.lat.add(time.Duration(now - int64(sent)))
		p.received.Add(1)
		if seq := field(data, `"seq":`); last != 0 && seq != last+1 {
			p.gaps.Add(1)
			last = seq
		} else {
			last = seq
		}
	}
}

// readInto reads the next message into buf, growing it as needed.
func readInto(ws *websocket.Conn, buf []byte) ([]byte, error) {
	_, r, err := ws.NextReader()
	if err != nil {
		return buf, err
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// field parses the unsigned number after key in a JSON envelope; 0 when
// absent.
func field(data []byte, key string) uint64 {
	i := bytes.Index(data, []byte(key))
	if i < 0 {
		return 0
	}
	j := i + len(key)
	k := j
	for k < len(data) && data[k] >= '0' && data[k] <= '9' {
		k++
	}
	n, _ := strconv.ParseUint(string(data[j:k]), 10, 64)
	return n
}

// keepAlive sends each client the app-level ping, as dashboards do, so the
// gateway's idle timeout does not close held connections.
func (p *pool) keepAlive() {
	defer p.wg.Done()
	t := time.NewTicker(20 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			for _, c := range p.conns {
				c.wmu.Lock()
				_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
				_ = c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping"}`))
				c.wmu.Unlock()
			}
		}
	}
}

func (p *pool) close() {
	close(p.done)
	for _, c := range p.conns {
		if c != nil {
			_ = c.ws.Close()
		}
	}
	for _, c := range p.raw {
		_ = c.Close()
	}
	p.wg.Wait()
}
