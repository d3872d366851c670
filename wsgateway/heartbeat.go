package wsgateway

import "time"

// pingMsg is a protocol ping, shared by every connection; it takes no room
// in a connection's byte bound.
var pingMsg = &outMsg{frame: []byte{0x80 | opPing, 0}}

// heartbeatLoop pings every connection each heartbeat interval through its
// queue (so the ping is written by the connection's writer, in order with
// its frames) and drops a peer that has not answered the previous pings in
// time. One loop serves all connections: an idle connection costs no timer
// and no goroutine of its own for its heartbeat.
func (g *Gateway) heartbeatLoop() {
	defer g.wg.Done()
	hb := g.cfg.HeartbeatInterval
	t := time.NewTicker(hb)
	defer t.Stop()
	var conns []*conn
	for {
		select {
		case <-g.ctx.Done():
			return
		case <-t.C:
		}
		conns = g.snapshot(conns[:0])
		for _, c := range conns {
			if time.Since(time.Unix(0, c.lastPong.Load())) > 2*hb+g.cfg.WriteTimeout {
				c.q.close()
				c.closeWith(closeNormal, "heartbeat timeout")
				continue
			}
			c.sendPing()
		}
		clear(conns)
		// An SSE stream's heartbeat is a comment line; a peer that is gone
		// fails its write (within WriteTimeout), which ends the stream.
		for _, s := range g.streamsOf("") {
			s.ping()
		}
	}
}

// snapshot appends the open connections to buf.
func (g *Gateway) snapshot(buf []*conn) []*conn {
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.conns {
		buf = append(buf, c)
	}
	return buf
}
