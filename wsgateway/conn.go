package wsgateway

import (
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// conn is one client connection. Its reader goroutine (readLoop) owns the
// protocol state. One writer role at a time owns the socket's writes: a
// flusher (flush.go) or, while the socket is full or the connection is
// closing, the connection's own writer goroutine (write).
type conn struct {
	g          *Gateway
	ws         *websocket.Conn
	q          *sendQueue
	kill       chan struct{} // closed by closeWith
	writerDone chan struct{} // closed when the final writer is done
	batch      []*outMsg     // the writer's buffers, handed from one writer to the next
	bufs       net.Buffers
	rest       [][]byte        // what a flusher could not write; the writer writes it first
	restMsgs   []*outMsg       // the frames rest belongs to, for the fanout metric
	nc         net.Conn        // the socket, written by the writer role only
	raw        syscall.RawConn // for non-blocking writes; nil where there are none
	lastPong   atomic.Int64

	lingerOnce  sync.Once
	lingerUntil time.Time // when a closing connection stops waiting for the client
	closeOnce   sync.Once
	closeMu     sync.Mutex
	code        int
	closeReason string

	mu      sync.Mutex
	user    string
	bound   bool  // authenticated with a session-bound token (core.SessionBound)
	iat     int64 // that token's iat, Unix seconds; 0 when it has none
	expiry  *time.Timer
	subs    map[string]*member
	limiter limiter
	authLim limiter
	bad     int
	addrKey string // the client address its per-address limits count under
	pending bool   // counted as not yet authenticated for addrKey
}

// newConn wraps an upgraded connection; nc is its socket, which only the
// connection's writer role writes to.
func newConn(g *Gateway, ws *websocket.Conn, nc net.Conn) *conn {
	c := &conn{
		g:          g,
		ws:         ws,
		q:          newSendQueue(g.cfg.SendQueueBytes),
		kill:       make(chan struct{}),
		writerDone: make(chan struct{}),
		subs:       map[string]*member{},
		limiter:    newLimiter(float64(g.cfg.SubscribeRate), g.cfg.SubscribeRate, g.now()),
		authLim:    newLimiter(float64(g.cfg.AuthRate)/60, g.cfg.AuthRate, g.now()),
	}
	c.nc, c.raw = nc, rawConnOf(nc)
	c.lastPong.Store(time.Now().UnixNano())
	ws.SetPongHandler(func(string) error {
		c.lastPong.Store(time.Now().UnixNano())
		return nil
	})
	// Only the writer goroutine writes to the socket, so the answers gorilla
	// would write from the reader go through the queue instead.
	ws.SetPingHandler(func(data string) error {
		c.send(pongMsg(data))
		return nil
	})
	ws.SetCloseHandler(func(int, string) error {
		c.closeWith(closeNormal, "")
		return nil
	})
	return c
}

// send queues a frame for this client; a full queue closes it 4009.
func (c *conn) send(m *outMsg) bool {
	ok, start := c.q.push(m)
	if start {
		c.startWriter()
	}
	if ok {
		return true
	}
	c.q.close() // nothing after a lost frame may reach the client
	c.closeWith(CloseTooSlow, "client too slow: send queue overflowed")
	return false
}

// closeWith asks the writer to send a close frame with code and close the
// socket. Only the first call counts. It never blocks.
func (c *conn) closeWith(code int, reason string) {
	c.closeOnce.Do(func() {
		c.closeMu.Lock()
		c.code, c.closeReason = code, reason
		c.closeMu.Unlock()
		close(c.kill)
		if c.q.claim() { // the writer writes the close frame
			go c.write()
		}
	})
}

// sendPing queues a protocol ping. It is not bounded by the queue's bytes
// and a closed queue drops it.
func (c *conn) sendPing() {
	if _, start := c.q.push(pingMsg); start {
		c.startWriter()
	}
}

func (c *conn) closeCode() (int, string) {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	return c.code, c.closeReason
}

func (c *conn) userID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.user
}

// readLoop reads frames until the connection ends, then releases
// everything the connection held.
func (c *conn) readLoop() {
	defer c.g.wg.Done()
	defer c.cleanup()
	cfg := c.g.cfg
	c.ws.SetReadLimit(int64(cfg.MaxFrameBytes))
	_ = c.ws.SetReadDeadline(time.Now().Add(cfg.AuthTimeout))
	if c.closing() {
		// Closed (by a Stop) before the reader started: the writer's
		// linger deadline, which the line above overwrote, stands.
		c.lingerForClient()
	}
	for {
		mt, data, err := c.ws.ReadMessage()
		if err != nil {
			c.readFailed(err)
			return
		}
		if !c.closing() && c.userID() != "" {
			_ = c.ws.SetReadDeadline(time.Now().Add(cfg.IdleTimeout))
		}
		if c.closing() { // checked after the deadline is set, so it cannot outlast the linger
			c.lingerForClient()
			continue // drained until the client's close
		}
		if mt != websocket.TextMessage {
			c.badRequest("binary frames are not accepted; send JSON text frames")
			continue
		}
		if !utf8.Valid(data) { // RFC 6455 section 8.1: fail the connection
			c.closeWith(CloseInvalidData, "text frame is not valid UTF-8")
			continue
		}
		c.handleAside(data)
	}
}

// closing reports whether the connection is closing: no new work is read.
func (c *conn) closing() bool {
	select {
	case <-c.kill:
		return true
	default:
		return false
	}
}

// handleAside handles a frame on a short-lived goroutine and waits for it.
// The reader lives as long as the connection and a goroutine's stack keeps
// the size its deepest call needed: decoding, token checks and broker
// calls would grow the reader's stack to 8 KiB, held by every idle
// connection, where the blocked read alone fits in 4 KiB. Inbound frames
// are few (auth, subscribe, ping) and rate-limited, so the extra goroutine
// costs little.
func (c *conn) handleAside(data []byte) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.handle(data)
	}()
	<-done
}

func (c *conn) readFailed(err error) {
	var ne net.Error
	switch {
	case errors.Is(err, websocket.ErrReadLimit):
		c.closeWith(CloseTooBig, "frame too big")
	case errors.As(err, &ne) && ne.Timeout():
		if c.userID() == "" {
			c.closeWith(CloseAuthFailed, "authentication not sent in time")
		} else {
			c.closeWith(CloseIdle, "idle timeout")
		}
	case isProtocolError(err):
		c.closeWith(CloseProtocol, "protocol error: "+strings.TrimPrefix(err.Error(), "websocket: "))
	default:
		c.closeWith(closeNormal, closeAbnormalReason)
	}
}

// isProtocolError tells a client's broken framing (gorilla reports it as a
// plain "websocket: ..." error: bad MASK, bad opcode, RSV bits) from a
// socket that failed or closed (net and io errors) and a close frame.
func isProtocolError(err error) bool {
	var ne net.Error
	var ce *websocket.CloseError
	return !errors.As(err, &ne) && !errors.As(err, &ce) && !errors.Is(err, io.EOF) &&
		!errors.Is(err, io.ErrUnexpectedEOF) && strings.HasPrefix(err.Error(), "websocket: ")
}

// badRequest answers a malformed frame; repeated abuse closes 1008.
func (c *conn) badRequest(msg string) {
	c.g.m.badFrames.Inc()
	c.bad++
	if c.bad > c.g.cfg.MaxBadFrames {
		c.closeWith(ClosePolicy, "too many malformed frames")
		return
	}
	c.send(errorMsg(core.CodeBadRequest, msg))
}

// cleanup runs once the reader ends: it waits for the writer, closes the
// socket, leaves every room and gives back the connection's slots.
func (c *conn) cleanup() {
	c.closeWith(closeNormal, closeAbnormalReason)
	<-c.writerDone
	_ = c.ws.Close()
	c.mu.Lock()
	if c.expiry != nil {
		c.expiry.Stop()
	}
	subs := c.subs
	c.subs = map[string]*member{}
	user := c.user
	c.mu.Unlock()
	for _, m := range subs {
		c.g.leave(m)
	}
	c.endPending()
	c.g.unregister(c, user)
}

// endPending stops counting the connection as not yet authenticated for
// its address; only the first call counts.
func (c *conn) endPending() {
	c.mu.Lock()
	was := c.pending
	c.pending = false
	c.mu.Unlock()
	if was {
		c.g.addrs.release(c.addrKey)
	}
}

// limiter is a token bucket for a connection's frames of one kind
// (subscribe and unsubscribe; auth).
type limiter struct {
	rate       float64 // tokens per second
	burst      int
	tokens     float64
	last       time.Time
	violations int
}

func newLimiter(perSecond float64, burst int, now time.Time) limiter {
	return limiter{rate: perSecond, burst: burst, tokens: float64(burst), last: now}
}

// allow takes a token. It returns false past the rate; close is true once
// the client keeps going past it (more refused frames in a row than the
// burst).
func (l *limiter) allow(now time.Time) (ok, closeIt bool) {
	l.tokens = min(float64(l.burst), l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		l.violations = 0
		return true, false
	}
	l.violations++
	return false, l.violations > l.burst
}
