package wsgateway

import (
	"runtime"
	"time"
)

// Flushers write for connections whose queue just became non-empty, with
// non-blocking writes, on a few long-lived goroutines (one per CPU). A
// fanout to 10,000 members thus starts no goroutine and arms no timer: each
// member's frames go out in one non-blocking writev from a flusher. Only a
// socket that cannot take them at once (its kernel buffer is full: a slow
// or distant client) gets a writer goroutine of its own (write), which
// blocks with a deadline and exits once it has caught up.

// flushBacklog bounds the connections waiting for a flusher; past it a
// connection gets its own writer at once.
const flushBacklog = 1 << 16

// startFlushers starts the flushers of one run of the gateway. The queue
// itself lives as long as the Gateway: a connection of the previous run
// that hands itself over late (while a restart is under way) then reads a
// field no one writes, and is flushed by the next run's flushers rather
// than lost.
func (g *Gateway) startFlushers() {
	stop := make(chan struct{})
	g.flushStop = stop
	for range runtime.GOMAXPROCS(0) {
		g.flushWG.Add(1)
		go g.flusher(stop)
	}
}

// stopFlushers ends the flushers. Every connection must be gone (their
// readers wait for their writing to end, so nothing is left queued).
func (g *Gateway) stopFlushers() {
	if g.flushStop == nil {
		return
	}
	close(g.flushStop)
	g.flushWG.Wait()
	g.flushStop = nil
}

func (g *Gateway) flusher(stop <-chan struct{}) {
	defer g.flushWG.Done()
	for {
		select {
		case c := <-g.flushq:
			c.flush()
		case <-stop:
			return
		}
	}
}

// startWriter hands c, whose writer role the caller has claimed, to a
// flusher, or to a goroutine of its own when the flushers are backlogged.
func (c *conn) startWriter() {
	select {
	case c.g.flushq <- c:
	default:
		go c.write()
	}
}

// flush writes c's queue without blocking until it is empty. What the
// socket cannot take at once, and closing, go to c's own writer.
func (c *conn) flush() {
	for {
		batch, closing := c.next()
		if closing {
			go c.write()
			return
		}
		if batch == nil {
			return
		}
		bufs := c.bufs[:0]
		for _, m := range batch {
			bufs = append(bufs, m.frame)
		}
		rest, err := writeNow(c.raw, bufs)
		c.observe(batch, len(rest))
		if err == nil && len(rest) > 0 { // rest shares bufs' array: copy it
			c.rest = append(c.rest[:0], rest...)
			c.restMsgs = append(c.restMsgs[:0], batch[len(batch)-len(rest):]...)
		}
		clear(batch)
		clear(bufs[:cap(bufs)])
		c.bufs = bufs[:0]
		switch {
		case err != nil:
			c.socketFailed()
			return
		case len(rest) > 0: // the socket is full: block in a writer of its own
			go c.write()
			return
		}
	}
}

// observe records the fanout latency of the frames of batch that were
// written in full (all but the last unwritten).
func (c *conn) observe(batch []*outMsg, unwritten int) {
	now := time.Now()
	for _, m := range batch[:len(batch)-unwritten] {
		if !m.at.IsZero() {
			c.g.m.fanout.Observe(now.Sub(m.at).Seconds())
		}
	}
}
