package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// soakStats are the soak's counters, shared by every client.
type soakStats struct {
	received   atomic.Int64
	lost       atomic.Int64 // events skipped in a client's seq, by count
	dupes      atomic.Int64 // events at or below a client's last seq
	resyncs    atomic.Int64 // resync frames
	serverShut atomic.Int64 // connections the server closed, by close code (not counting a killed instance)
	resumed    atomic.Int64 // reconnects after a connection was lost
	connects   atomic.Int64
	closes     atomic.Int64 // connections the driver closed (churn)
	dialErrs   atomic.Int64

	mu     sync.Mutex
	codes  map[int]int64 // close codes the server sent
	lat    *hist         // this interval's publish-to-receive latency
	resume hist          // how long a resume took, lost connection to subscribed
}

func newSoakStats() *soakStats { return &soakStats{codes: map[int]int64{}, lat: new(hist)} }

// interval swaps in a fresh latency histogram and returns the old one.
func (s *soakStats) interval() *hist {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.lat
	s.lat = new(hist)
	return h
}

func (s *soakStats) latency() *hist {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lat
}

func (s *soakStats) closedWith(code int) {
	s.mu.Lock()
	s.codes[code]++
	s.mu.Unlock()
}

// soakClient is one dashboard: it subscribes to one room, checks that its
// events arrive with continuous seqs, and when its connection is lost
// (not closed by the driver) reconnects, to the next instance if its own
// is gone, resuming with since/epoch as the dashboard does.
type soakClient struct {
	d      *soakDriver
	room   string
	inst   int // index of the instance it is connected to
	ws     *websocket.Conn
	wmu    sync.Mutex
	epoch  string
	last   uint64
	seen   atomic.Uint64 // last, for the driver
	pinged time.Time     // the last ping; under wmu
	closed atomic.Bool   // closed by the driver
	stall  atomic.Int64  // unix ns until which the client does not read
	quit   chan struct{} // closed by close, to end a stall
	done   chan struct{}
}

// open dials and subscribes, resuming when the client has seen events.
func (c *soakClient) open() error {
	url := c.d.instances[c.inst].WS
	dialer := websocket.Dialer{ReadBufferSize: 1024, WriteBufferSize: 256, HandshakeTimeout: 30 * time.Second}
	ws, _, err := dialer.Dial(url, http.Header{})
	if err != nil {
		return fmt.Errorf("dial %s: %w", url, err)
	}
	sub := map[string]any{"type": "subscribe", "guildId": c.room}
	if c.epoch != "" {
		sub["since"], sub["epoch"] = c.last, c.epoch
	}
	subFrame, _ := json.Marshal(sub)
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for _, f := range [][]byte{[]byte(`{"type":"auth","token":"` + c.d.token + `"}`), subFrame} {
		if err := ws.WriteMessage(websocket.TextMessage, f); err != nil {
			_ = ws.Close()
			return fmt.Errorf("send: %w", err)
		}
	}
	for _, want := range []string{`"connected"`, `"authenticated"`} {
		_, data, err := ws.ReadMessage()
		if err != nil || !bytes.Contains(data, []byte(want)) {
			_ = ws.Close()
			return fmt.Errorf("waiting for %s: %s %v", want, data, err)
		}
	}
	_ = ws.SetReadDeadline(time.Time{})
	c.wmu.Lock()
	c.ws = ws
	c.wmu.Unlock()
	return nil
}

// envelope is the part of a server frame the soak reads.
type envelope struct {
	Event string `json:"event"`
	Seq   uint64 `json:"seq"`
	Data  struct {
		SentNs int64  `json:"sentNs"`
		Seq    uint64 `json:"seq"`
		Epoch  string `json:"epoch"`
	} `json:"data"`
}

// run reads until the driver closes the client; a lost connection is
// reopened.
func (c *soakClient) run() {
	defer close(c.done)
	for {
		lostAt := c.read()
		if c.closed.Load() {
			return
		}
		// Lost: reconnect, to another instance if this one is gone.
		for attempt := 0; ; attempt++ {
			if c.closed.Load() {
				return
			}
			if attempt > 0 || !c.d.alive(c.inst) {
				c.inst = c.d.nextAlive(c.inst)
			}
			if err := c.open(); err == nil {
				c.d.stats.resumed.Add(1)
				c.d.stats.resume.add(time.Since(lostAt))
				break
			}
			c.d.stats.dialErrs.Add(1)
			time.Sleep(time.Duration(100+attempt*100) * time.Millisecond)
		}
	}
}

// read handles frames until the connection ends and returns when it did.
func (c *soakClient) read() time.Time {
	s := c.d.stats
	for {
		if until := c.stall.Load(); until != 0 {
			// A stalled network: nothing is read, so the server's writes
			// back up into its send queue.
			t := time.NewTimer(time.Until(time.Unix(0, until)))
			select {
			case <-t.C:
			case <-c.quit:
			}
			t.Stop()
			c.stall.Store(0)
		}
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			if ce, ok := err.(*websocket.CloseError); ok && !c.closed.Load() && c.d.alive(c.inst) {
				s.serverShut.Add(1)
				s.closedWith(ce.Code)
			}
			return time.Now()
		}
		now := time.Now()
		var e envelope
		if json.Unmarshal(data, &e) != nil {
			continue
		}
		switch {
		case e.Event == "subscribed":
			switch {
			case c.epoch == "":
				c.last = e.Data.Seq // a first subscribe: continuity starts at the head
				c.seen.Store(c.last)
			case e.Data.Epoch != c.epoch:
				c.last = 0 // a new epoch: the resync that follows is counted
			}
			c.epoch = e.Data.Epoch
		case e.Event == "resync":
			s.resyncs.Add(1)
			c.last = 0 // continuity restarts at the next event
		case e.Data.SentNs != 0:
			s.latency().add(now.Sub(time.Unix(0, e.Data.SentNs)))
			s.received.Add(1)
			switch {
			case c.last == 0 || e.Seq == c.last+1:
			case e.Seq <= c.last:
				s.dupes.Add(1)
			default:
				s.lost.Add(int64(e.Seq - c.last - 1))
			}
			if e.Seq > c.last {
				c.last = e.Seq
				c.seen.Store(e.Seq)
			}
		}
	}
}

// close closes the client as a dashboard tab closing would.
func (c *soakClient) close() {
	c.closed.Store(true)
	close(c.quit)
	c.wmu.Lock()
	if c.ws != nil {
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		_ = c.ws.Close()
	}
	c.wmu.Unlock()
	<-c.done
}

// pingEvery sends the app-level ping dashboards send once every
// interval, so idle timeouts do not close held connections.
func (c *soakClient) pingEvery(every time.Duration) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	now := time.Now()
	if c.ws == nil || c.closed.Load() || now.Sub(c.pinged) < every {
		return
	}
	c.pinged = now
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_ = c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping"}`))
}
