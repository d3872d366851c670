package wsgateway

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// sendQueue is a connection's outgoing frames, bounded by bytes. Pushing
// never blocks: past the bound it reports overflow and the connection is
// closed 4009 by its writer.
type sendQueue struct {
	mu     sync.Mutex
	items  []*outMsg
	bytes  int
	max    int
	closed bool
	wake   chan struct{}
}

func newSendQueue(maxBytes int) *sendQueue {
	return &sendQueue{max: maxBytes, wake: make(chan struct{}, 1)}
}

// push queues m. It returns false when the queue is closed or would pass its
// byte bound; the caller then closes the connection.
func (q *sendQueue) push(m *outMsg) bool {
	q.mu.Lock()
	if q.closed || q.bytes+m.size > q.max {
		q.mu.Unlock()
		return false
	}
	q.items = append(q.items, m)
	q.bytes += m.size
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// take moves the queued frames into buf (reusing its array) and empties
// the queue, so the two slices trade places without allocating.
func (q *sendQueue) take(buf []*outMsg) []*outMsg {
	q.mu.Lock()
	out := q.items
	q.items = buf[:0]
	q.bytes = 0
	q.mu.Unlock()
	return out
}

// close refuses further pushes and drops what is queued.
func (q *sendQueue) close() {
	q.mu.Lock()
	q.closed = true
	clear(q.items)
	q.items, q.bytes = nil, 0
	q.mu.Unlock()
}

// writeLoop is the connection's only writer of data frames. It drains the
// queue, sends protocol pings and drops a peer that stops answering them,
// and on close writes the close frame (after what is queued, except for a
// client too slow to take it) and closes the socket.
func (c *conn) writeLoop() {
	defer c.g.wg.Done()
	defer close(c.writerDone)
	defer func() { _ = c.ws.Close() }()
	hb := c.g.cfg.HeartbeatInterval
	ping := time.NewTicker(hb)
	defer ping.Stop()
	var batch []*outMsg
	for {
		select {
		case <-c.kill: // closing wins over queued frames
			c.writeClose()
			return
		default:
		}
		select {
		case <-c.q.wake:
			batch = c.q.take(batch)
			if !c.writeBatch(batch) {
				c.closeWith(closeNormal, closeAbnormalReason)
				c.q.close()
				return
			}
			clear(batch)
		case <-ping.C:
			if time.Since(time.Unix(0, c.lastPong.Load())) > 2*hb+c.g.cfg.WriteTimeout {
				c.closeWith(closeNormal, "heartbeat timeout")
				c.q.close()
				return
			}
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.g.cfg.WriteTimeout)); err != nil {
				c.q.close()
				return
			}
		case <-c.kill:
			c.writeClose()
			return
		}
	}
}

// writeClose flushes what is queued (nothing for a client too slow to take
// it: its queue is already closed) and writes the close frame.
func (c *conn) writeClose() {
	code, reason := c.closeCode()
	c.writeBatch(c.q.take(nil))
	c.q.close()
	c.g.m.closes.WithLabelValues(closeLabel(code)).Inc()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason),
		time.Now().Add(c.g.cfg.WriteTimeout))
}

// writeBatch writes frames with a deadline each; false means the socket
// failed.
func (c *conn) writeBatch(batch []*outMsg) bool {
	for _, m := range batch {
		if err := c.ws.SetWriteDeadline(time.Now().Add(c.g.cfg.WriteTimeout)); err != nil {
			return false
		}
		var err error
		if m.pm != nil {
			err = c.ws.WritePreparedMessage(m.pm)
		} else {
			err = c.ws.WriteMessage(websocket.TextMessage, m.raw)
		}
		if err != nil {
			return false
		}
		if !m.at.IsZero() {
			c.g.m.fanout.Observe(time.Since(m.at).Seconds())
		}
	}
	return true
}
