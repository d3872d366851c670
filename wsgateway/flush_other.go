//go:build !(linux || darwin || openbsd)

package wsgateway

import (
	"net"
	"syscall"
)

// writeNow leaves every frame to the connection's blocking writer where
// non-blocking writes are not available.
func writeNow(_ syscall.RawConn, bufs [][]byte) ([][]byte, error) { return bufs, nil }

func rawConnOf(net.Conn) syscall.RawConn { return nil }
