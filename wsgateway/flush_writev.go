//go:build linux || darwin || openbsd

package wsgateway

import (
	"errors"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// maxIOV is how many buffers one writev takes (IOV_MAX on Linux; more is
// EINVAL).
const maxIOV = 1024

// writeNow writes bufs to the socket with non-blocking writev calls (Go's
// sockets are non-blocking) until done or until the socket would block. It
// returns what is left unwritten, starting with the rest of the frame the
// kernel took part of.
func writeNow(rc syscall.RawConn, bufs [][]byte) ([][]byte, error) {
	if rc == nil {
		return bufs, nil
	}
	var werr error
	err := rc.Write(func(fd uintptr) bool {
		for len(bufs) > 0 {
			n, err := unix.Writev(int(fd), bufs[:min(len(bufs), maxIOV)])
			if errors.Is(err, unix.EINTR) {
				continue
			}
			if errors.Is(err, unix.EAGAIN) {
				return true
			}
			if err != nil {
				werr = err
				return true
			}
			bufs = consume(bufs, n)
		}
		return true
	})
	if err == nil {
		err = werr
	}
	return bufs, err
}

// consume drops the first n bytes of bufs.
func consume(bufs [][]byte, n int) [][]byte {
	for n > 0 && len(bufs) > 0 {
		if n < len(bufs[0]) {
			bufs[0] = bufs[0][n:]
			return bufs
		}
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	return bufs
}

// rawConnOf returns the socket's raw connection for non-blocking writes,
// or nil when it has none.
func rawConnOf(nc net.Conn) syscall.RawConn {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}
