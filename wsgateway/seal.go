package wsgateway

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// errSealed is what gorilla gets if it tries to write after the upgrade.
var errSealed = errors.New("wsgateway: the socket is written by the gateway's writer only")

// sealedConn is the socket as gorilla sees it. Gorilla writes the
// handshake through it; once the upgrade is done it is sealed, and gorilla
// only reads: the close frame it would write on a client's protocol error
// or oversized frame, and any deadline it would set for it, are refused,
// so that the flushers and the writer (which write to the socket itself)
// stay its only writers and nothing lands inside a half-written frame. The
// gateway answers those cases itself (readFailed).
type sealedConn struct {
	net.Conn
	sealed atomic.Bool
}

func (c *sealedConn) Write(p []byte) (int, error) {
	if c.sealed.Load() {
		return 0, errSealed
	}
	return c.Conn.Write(p)
}

func (c *sealedConn) SetWriteDeadline(t time.Time) error {
	if c.sealed.Load() {
		return nil
	}
	return c.Conn.SetWriteDeadline(t)
}

func (c *sealedConn) SetDeadline(t time.Time) error {
	if c.sealed.Load() {
		return c.Conn.SetReadDeadline(t)
	}
	return c.Conn.SetDeadline(t)
}

// sealingWriter hands gorilla's Upgrade a sealedConn when it hijacks the
// request's connection.
type sealingWriter struct {
	http.ResponseWriter
	conn *sealedConn
}

func (w *sealingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("wsgateway: the response cannot be hijacked (HTTP/2?)")
	}
	nc, brw, err := h.Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = &sealedConn{Conn: nc}
	return w.conn, brw, nil
}
