package discordsim

import (
	"encoding/json"
	"time"
)

// Gateway faults: the simulator can misbehave the ways Discord (or a
// network) does, so that a client's recovery can be tested. Each method
// acts on the connections and sessions of the moment.

// GatewayAttempt is one gateway connection as the simulator saw it: where
// it connected and what it sent first (IDENTIFY or RESUME).
type GatewayAttempt struct {
	// Path is the URL path connected to: "/gateway", or "/gateway-resume"
	// (the resume_gateway_url READY hands out).
	Path string
	// Op is "identify" or "resume", or "" when the connection ended first.
	Op string
	// SessionID and Seq are what a RESUME carried; SessionID is also the
	// session an IDENTIFY opened.
	SessionID string
	Seq       int
	// Shard is what an IDENTIFY carried.
	Shard [2]int
	At    time.Time
}

// CloseOnConnect makes every new gateway connection close at once after
// the upgrade: with a close frame of code, or with code 0 by cutting the
// TCP connection. A negative code turns it off.
func (s *Server) CloseOnConnect(code int) {
	s.mu.Lock()
	s.closeOnConnect = code
	s.mu.Unlock()
}

// CloseOnIdentify makes the simulator answer every IDENTIFY by closing the
// connection with code (4004, 4013, 4014, ...). Zero turns it off.
func (s *Server) CloseOnIdentify(code int) {
	s.mu.Lock()
	s.closeOnIdentify = code
	s.mu.Unlock()
}

// SetHeartbeatACKs turns heartbeat ACKs on or off; off makes every
// connection a zombie in the client's eyes.
func (s *Server) SetHeartbeatACKs(on bool) {
	s.mu.Lock()
	s.noACKs = !on
	s.mu.Unlock()
}

// SendReconnect sends op 7 Reconnect on every connected session.
func (s *Server) SendReconnect() {
	s.sendToConnected([]byte(`{"op":7,"d":null}`))
}

// InvalidateSessions sends op 9 Invalid Session on every connected
// session. When not resumable the sessions are forgotten, as Discord does,
// so that only a new IDENTIFY works.
func (s *Server) InvalidateSessions(resumable bool) {
	b, _ := json.Marshal(map[string]any{"op": opInvalidSession, "d": resumable})
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, ss := range s.sessions {
		if ss.conn != nil {
			ss.conn.send(b)
		}
		if !resumable {
			delete(s.sessions, id)
		}
	}
}

// CloseConnections closes every connected session's connection with a
// close frame of code. Sessions stay resumable unless the code says
// otherwise to the client.
func (s *Server) CloseConnections(code int, reason string) {
	s.mu.Lock()
	var conns []*gwConn
	for _, ss := range s.sessions {
		if ss.conn != nil {
			conns = append(conns, ss.conn)
			ss.conn = nil
		}
	}
	s.mu.Unlock()
	for _, c := range conns {
		s.closeWith(c, code, reason)
	}
}

// GatewayAttempts returns every gateway connection so far, in order.
func (s *Server) GatewayAttempts() []GatewayAttempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]GatewayAttempt, len(s.attempts))
	for i, a := range s.attempts {
		out[i] = *a
	}
	return out
}

// SessionSeq returns the last sequence number a session dispatched.
func (s *Server) SessionSeq(sessionID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.sessions[sessionID]
	if !ok {
		return 0, false
	}
	return ss.seq, true
}

func (s *Server) sendToConnected(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		if ss.conn != nil {
			ss.conn.send(b)
		}
	}
}

// Redeliver dispatches the same INTERACTION_CREATE again (same id and
// token), as Discord occasionally does.
func (it *Interaction) Redeliver() {
	s := it.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchLocked(it.GuildID, 0, "INTERACTION_CREATE", it.payload)
}
