package wsgateway

import "encoding/binary"

// WebSocket opcodes (RFC 6455, section 5.2) for the frames the server
// writes.
const (
	opText  = 0x1
	opClose = 0x8
	opPing  = 0x9
	opPong  = 0xA
)

// maxHeader is the longest header of an unmasked server frame.
const maxHeader = 10

// appendFrameHeader appends the header of a final, unmasked frame (server
// frames are never masked) with the given opcode and payload length.
func appendFrameHeader(dst []byte, op byte, n int) []byte {
	dst = append(dst, 0x80|op)
	switch {
	case n < 126:
		return append(dst, byte(n))
	case n <= 0xFFFF:
		dst = append(dst, 126)
		return binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, 127)
		return binary.BigEndian.AppendUint64(dst, uint64(n))
	}
}

// frameOf returns a complete frame: the header, then payload.
func frameOf(op byte, payload []byte) []byte {
	f := make([]byte, 0, maxHeader+len(payload))
	return append(appendFrameHeader(f, op, len(payload)), payload...)
}

// closeFrame returns a close frame with a status code and a reason cut to
// fit a control frame's 125 bytes.
func closeFrame(code int, reason string) []byte {
	if len(reason) > 123 {
		reason = reason[:123]
	}
	p := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(reason)), uint16(code))
	return frameOf(opClose, append(p, reason...))
}

// pongMsg answers a client's ping. It counts its whole frame against the
// queue's bound (an empty pong is still 2 bytes), so a client that pings
// without reading is closed 4009 like any client too slow for its queue.
func pongMsg(data string) *outMsg {
	f := frameOf(opPong, []byte(data))
	return &outMsg{frame: f, size: len(f)}
}
