package discordsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway opcodes and close codes (Discord's numbers).
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11

	closeUnknownOpcode     = 4001
	closeDecodeError       = 4002
	closeNotAuthenticated  = 4003
	closeAuthFailed        = 4004
	closeInvalidShard      = 4010
	maxResumeBuffer        = 5000
	gatewayReadLimit       = 16 << 10
	gatewaySendQueueLength = 1024
)

// Intent bits the simulator filters dispatches by.
const (
	intentGuilds          = 1 << 0
	intentGuildMembers    = 1 << 1
	intentGuildModeration = 1 << 2
	intentVoiceStates     = 1 << 7
	intentGuildMessages   = 1 << 9
	intentDirectMessages  = 1 << 12
	intentMessageContent  = 1 << 15
)

type gatewayFrame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int            `json:"s"`
	T  *string         `json:"t"`
}

var upgrader = websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096}

// gwConn is one gateway WebSocket connection. Its writer goroutine is the
// only one that writes to the socket.
type gwConn struct {
	ws        *websocket.Conn
	out       chan []byte
	done      chan struct{}
	closeOnce sync.Once
	attempt   *GatewayAttempt // guarded by Server.mu
}

func (c *gwConn) send(b []byte) {
	select {
	case c.out <- b:
	case <-c.done:
	default:
		c.close() // the client is too slow; Discord would drop it too.
	}
}

// close may be called from the reader, the writer and Server.Close at
// once; the Once makes that safe (a select on done would race).
func (c *gwConn) close() {
	c.closeOnce.Do(func() {
		close(c.done)
		_ = c.ws.UnderlyingConn().Close()
	})
}

func (s *Server) handleGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(gatewayReadLimit)
	c := &gwConn{ws: ws, out: make(chan []byte, gatewaySendQueueLength), done: make(chan struct{}),
		attempt: &GatewayAttempt{Path: r.URL.Path, At: time.Now()}}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.attempts = append(s.attempts, c.attempt)
	closeCode := s.closeOnConnect
	s.wg.Add(1)
	s.mu.Unlock()
	if closeCode >= 0 {
		defer s.wg.Done()
		if closeCode > 0 {
			s.closeWith(c, closeCode, "Closed on connect.")
		}
		_ = ws.Close()
		return
	}
	go func() {
		defer s.wg.Done()
		s.writeLoop(c)
	}()
	hello, _ := json.Marshal(map[string]any{"op": opHello, "d": map[string]any{"heartbeat_interval": s.cfg.HeartbeatInterval.Milliseconds()}})
	c.send(hello)
	s.readLoop(c)
}

func (s *Server) writeLoop(c *gwConn) {
	defer c.ws.Close()
	for {
		select {
		case b := <-c.out:
			_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				c.close()
				return
			}
		case <-c.done:
			return
		case <-s.done:
			c.close()
			return
		}
	}
}

// closeWith sends a close frame with a Discord close code and ends the
// connection.
func (s *Server) closeWith(c *gwConn, code int, reason string) {
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	c.close()
}

func (s *Server) readLoop(c *gwConn) {
	var sess *session
	defer func() {
		c.close()
		if sess != nil {
			s.mu.Lock()
			if sess.conn == c {
				sess.conn = nil
			}
			s.mu.Unlock()
		}
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var f gatewayFrame
		if err := json.Unmarshal(data, &f); err != nil {
			s.closeWith(c, closeDecodeError, "Error while decoding payload.")
			return
		}
		switch f.Op {
		case opHeartbeat:
			s.mu.Lock()
			lat, noACK := s.latency, s.noACKs
			s.mu.Unlock()
			if noACK {
				continue
			}
			if lat > 0 {
				select {
				case <-time.After(lat):
				case <-c.done:
					return
				}
			}
			c.send([]byte(`{"op":11,"d":null}`))
		case opIdentify:
			if sess, err = s.identify(c, f.D); err != nil {
				s.log.Debug("identify refused", "err", err)
				return
			}
		case opResume:
			if sess, err = s.resume(c, f.D); err != nil {
				s.log.Debug("resume refused", "err", err)
			}
		case 3, 4, 8: // presence, voice state, request members: accepted, ignored.
			if sess == nil {
				s.closeWith(c, closeNotAuthenticated, "Not authenticated.")
				return
			}
		default:
			s.closeWith(c, closeUnknownOpcode, fmt.Sprintf("Unknown opcode %d.", f.Op))
			return
		}
	}
}
