package wsgateway

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// ssePing is the heartbeat: a comment line, which clients ignore and
// proxies see as traffic.
var ssePing = &outMsg{frame: []byte(": ping\n\n")}

// writeLoop is the stream's writer: it writes queued frames as SSE events
// until the stream closes, then the final "close" event. gone is closed
// when the client has gone away.
func (s *sseConn) writeLoop(w http.ResponseWriter, gone <-chan struct{}) {
	rc := http.NewResponseController(w)
	var batch []*outMsg
	var buf []byte
	for {
		if s.closing() {
			s.writeClose(w, rc, buf[:0])
			return
		}
		batch = s.q.take(batch)
		if len(batch) > 0 {
			buf = s.appendBatch(buf[:0], batch)
			ok := s.flush(w, rc, buf)
			s.observe(batch, ok)
			clear(batch)
			batch = batch[:0]
			if !ok {
				s.q.close()
				s.closeWith(closeNormal, closeAbnormalReason)
				return
			}
			continue
		}
		if !s.q.park(s.kill) {
			continue
		}
		select {
		case <-s.wake:
		case <-s.kill:
		case <-gone:
			s.q.close()
			s.closeWith(closeNormal, closeAbnormalReason)
			return
		}
	}
}

// appendBatch formats frames as SSE events. A frame that moves a room's
// position carries an id with every room's position, so a client that
// reconnects with it as Last-Event-ID resumes each room where it was.
func (s *sseConn) appendBatch(buf []byte, batch []*outMsg) []byte {
	for _, m := range batch {
		if m == ssePing {
			buf = append(buf, m.frame...)
			continue
		}
		if m.track != 0 {
			s.track(m)
			buf = append(buf, "id: "...)
			buf = formatEventID(buf, s.order, s.pos)
			buf = append(buf, '\n')
		}
		buf = appendData(buf, m.frame[len(m.frame)-m.size:])
	}
	return buf
}

// track moves the room's position the frame carries.
func (s *sseConn) track(m *outMsg) {
	_, known := s.pos[m.room]
	switch {
	case m.track < 0 && known:
		delete(s.pos, m.room)
		for i, r := range s.order {
			if r == m.room {
				s.order = append(s.order[:i], s.order[i+1:]...)
				break
			}
		}
	case m.track > 0:
		if !known {
			s.order = append(s.order, m.room)
		}
		s.pos[m.room] = m.pos
	}
}

// appendData writes one event's data lines. Envelopes are compact JSON
// with no raw line breaks; should one hold any, each line gets its own
// "data:" field, which the client joins back with "\n".
func appendData(buf, payload []byte) []byte {
	for {
		i := bytes.IndexAny(payload, "\r\n")
		if i < 0 {
			break
		}
		buf = append(buf, "data: "...)
		buf = append(buf, payload[:i]...)
		buf = append(buf, '\n')
		payload = payload[i+1:]
	}
	buf = append(buf, "data: "...)
	buf = append(buf, payload...)
	return append(buf, "\n\n"...)
}

// writeClose writes what is still queued (nothing for a client too slow
// to take it: its queue is already closed) and the final "close" event
// with the code a WebSocket would have been closed with.
func (s *sseConn) writeClose(w http.ResponseWriter, rc *http.ResponseController, buf []byte) {
	code, reason := s.closeCode()
	batch := s.q.take(nil)
	s.q.close()
	s.g.m.closes.WithLabelValues(closeLabel(code)).Inc()
	if reason == closeAbnormalReason {
		return // the client is gone: nothing can reach it
	}
	buf = s.appendBatch(buf, batch)
	data, _ := json.Marshal(map[string]any{"code": code, "reason": reason})
	buf = append(buf, "event: close\n"...)
	buf = appendData(buf, data)
	s.flush(w, rc, buf)
}

// flush writes buf and flushes it to the client within WriteTimeout.
func (s *sseConn) flush(w http.ResponseWriter, rc *http.ResponseController, buf []byte) bool {
	_ = rc.SetWriteDeadline(time.Now().Add(s.g.cfg.WriteTimeout))
	if _, err := w.Write(buf); err != nil {
		return false
	}
	return rc.Flush() == nil
}

func (s *sseConn) observe(batch []*outMsg, written bool) {
	if !written {
		return
	}
	now := time.Now()
	for _, m := range batch {
		if !m.at.IsZero() {
			s.g.m.fanout.Observe(now.Sub(m.at).Seconds())
		}
	}
}
