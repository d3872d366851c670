package wsgateway

import (
	"net"
	"sync"
	"time"
)

// sendQueue is a connection's outgoing frames, bounded by bytes, and the
// state of its writer. Pushing never blocks: past the bound it reports
// overflow and the connection is closed 4009.
//
// A connection has at most one writer goroutine, and only while it has
// something to write: the push that finds no writer running starts one,
// and the writer exits once the queue is empty. An idle connection thus
// holds no writer stack (see docs/benchmarks.md for what that saves).
type sendQueue struct {
	mu      sync.Mutex
	items   []*outMsg
	bytes   int
	max     int
	closed  bool // refuses pushes
	running bool // a writer goroutine is live
	done    bool // the final writer has run: no writer starts again
}

func newSendQueue(maxBytes int) *sendQueue {
	return &sendQueue{max: maxBytes}
}

// push queues m. ok is false when the queue is closed or would pass its
// byte bound (the caller then closes the connection); start is true when
// the caller must start the writer.
func (q *sendQueue) push(m *outMsg) (ok, start bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || q.bytes+m.size > q.max {
		return false, false
	}
	q.items = append(q.items, m)
	q.bytes += m.size
	return true, q.claimLocked()
}

// claim reports whether the caller must start the writer (none is running
// and the final one has not run).
func (q *sendQueue) claim() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.claimLocked()
}

func (q *sendQueue) claimLocked() bool {
	if q.running || q.done {
		return false
	}
	q.running = true
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

// park ends the running writer if there is nothing left to write and the
// connection is not closing; false means the writer must go on.
func (q *sendQueue) park(closing <-chan struct{}) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) > 0 {
		return false
	}
	select {
	case <-closing:
		return false
	default:
	}
	q.running = false
	return true
}

// close refuses further pushes and drops what is queued.
func (q *sendQueue) close() {
	q.mu.Lock()
	q.closed = true
	clear(q.items)
	q.items, q.bytes = nil, 0
	q.mu.Unlock()
}

// finish marks the final writer as run.
func (q *sendQueue) finish() {
	q.mu.Lock()
	q.done, q.running = true, false
	q.mu.Unlock()
}

// write is the connection's writer goroutine: the only writer of its
// frames (data, protocol pings and the close frame). It drains the queue
// and exits when it is empty; on close it writes what is queued (nothing
// for a client too slow to take it), the close frame, and closes the
// socket.
func (c *conn) write() {
	if len(c.rest) > 0 { // what a flusher left: the start of the queue
		ok := c.writeBuffers(c.rest)
		if ok {
			c.observe(c.restMsgs, 0)
		}
		clear(c.rest)
		clear(c.restMsgs)
		c.rest, c.restMsgs = c.rest[:0], c.restMsgs[:0]
		if !ok {
			c.socketFailed()
			return
		}
	}
	for {
		batch, closing := c.next()
		if closing {
			c.writeClose()
			c.lingerForClient()
			c.finishWriter(false)
			return
		}
		if batch == nil { // nothing left: the role is given up
			return
		}
		ok := c.writeBatch(batch)
		clear(batch)
		if !ok { // the socket failed: nothing more can be written
			c.socketFailed()
			return
		}
	}
}

// next takes the queued frames for the writer role's holder. closing is
// true when the connection is closing (closing wins over queued frames);
// a nil batch otherwise means the queue was empty and the role is given up.
func (c *conn) next() (batch []*outMsg, closing bool) {
	for {
		select {
		case <-c.kill:
			return nil, true
		default:
		}
		batch = c.q.take(c.batch) // the queue now holds c.batch's array
		c.batch = batch[:0]
		if len(batch) > 0 {
			return batch, false
		}
		if c.q.park(c.kill) {
			return nil, false
		}
	}
}

// socketFailed ends writing after a failed write: no close frame can go.
func (c *conn) socketFailed() {
	c.closeWith(closeNormal, closeAbnormalReason)
	c.q.close()
	c.finishWriter(true)
}

// finishWriter tells the reader's cleanup that writing is over. Closing the
// socket now (after a failed write) ends the reader at once; after a close
// frame the reader closes it (see lingerForClient).
func (c *conn) finishWriter(closeSocket bool) {
	c.q.finish()
	if closeSocket {
		_ = c.ws.Close()
	}
	close(c.writerDone)
}

// lingerForClient bounds how long the reader, which after the close frame
// only drains what the client still sends, waits for the client's close
// frame (or its end of the connection) before the socket is closed.
// Closing a socket with unread input makes the kernel reset the
// connection, and a reset can cost the client the frames and the close
// code still on their way to it: it would see 1006 instead of 4008 or
// 4009.
func (c *conn) lingerForClient() {
	c.lingerOnce.Do(func() { c.lingerUntil = time.Now().Add(c.g.cfg.CloseTimeout) })
	_ = c.nc.SetReadDeadline(c.lingerUntil)
}

// writeClose flushes what is queued (nothing for a client too slow to take
// it: its queue is already closed) and writes the close frame.
func (c *conn) writeClose() {
	code, reason := c.closeCode()
	batch := append(c.q.take(nil), &outMsg{frame: closeFrame(code, reason)})
	c.q.close()
	c.g.m.closes.WithLabelValues(closeLabel(code)).Inc()
	c.writeBatch(batch)
}

// writeBatch writes frames with one system call (writev) and one deadline;
// false means the socket failed. Frames are complete (see frame.go), and
// this goroutine is the only one writing to the socket: gorilla's
// connection reads, and its ping and close handlers queue their answers
// here (see newConn).
func (c *conn) writeBatch(batch []*outMsg) bool {
	bufs := c.bufs[:0]
	for _, m := range batch {
		bufs = append(bufs, m.frame)
	}
	c.bufs = bufs[:0]
	ok := c.writeBuffers(bufs)
	clear(bufs[:cap(bufs)])
	if ok {
		c.observe(batch, 0)
	}
	return ok
}

// writeBuffers writes bufs with a deadline, blocking.
func (c *conn) writeBuffers(bufs net.Buffers) bool {
	nc := c.nc
	if err := nc.SetWriteDeadline(time.Now().Add(c.g.cfg.WriteTimeout)); err != nil {
		return false
	}
	_, err := bufs.WriteTo(nc) // consumes its copy of the slice header
	return err == nil
}
