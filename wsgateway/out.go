package wsgateway

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/warden-bot/warden/core"
)

// outMsg is one queued server frame, complete with its WebSocket header.
// Room events share one outMsg (and its bytes) among all members; replies
// to one client have their own.
type outMsg struct {
	frame []byte
	size  int
	at    time.Time // when fanout began; zero for replies

	// For the SSE transport's event ids (sse_write.go): the room whose
	// position this frame moves, and where to. track is 0 for a frame
	// that moves none, +1 when pos is the room's position once the frame
	// is written, and -1 when the frame ends the room's membership.
	room  string
	pos   core.Position
	track int8
}

// eventMsg encodes an event's envelope and its frame once.
func eventMsg(ev *core.Event, at time.Time) *outMsg {
	buf := make([]byte, maxHeader, maxHeader+112+len(ev.Name)+len(ev.Room)+len(ev.Data))
	buf = ev.AppendEnvelope(buf)
	return &outMsg{frame: headInPlace(buf, opText), size: len(buf) - maxHeader, at: at,
		room: ev.Room, pos: core.Position{Seq: ev.Seq, Epoch: ev.Epoch}, track: 1}
}

// headInPlace takes a buffer whose payload follows maxHeader reserved
// bytes, writes the frame's header just before the payload and returns the
// frame: one allocation for the whole frame.
func headInPlace(buf []byte, op byte) []byte {
	n := len(buf) - maxHeader
	var h [maxHeader]byte
	head := appendFrameHeader(h[:0], op, n)
	start := maxHeader - len(head)
	copy(buf[start:], head)
	return buf[start:]
}

// reply builds a gateway frame in the contract's envelope; guildID is empty
// for frames that are not room-scoped.
func reply(event, guildID string, data any) *outMsg {
	payload, err := json.Marshal(data)
	if err != nil {
		payload = []byte("{}")
	}
	b := make([]byte, maxHeader, maxHeader+64+len(event)+len(guildID)+len(payload))
	b = append(b, `{"event":"`...)
	b = append(b, event...)
	b = append(b, '"')
	if guildID != "" {
		b = append(b, `,"guildId":"`...)
		b = append(b, guildID...)
		b = append(b, '"')
	}
	b = append(b, `,"data":`...)
	b = append(b, payload...)
	b = append(b, `,"timestamp":`...)
	b = strconv.AppendInt(b, time.Now().UnixMilli(), 10)
	b = append(b, '}')
	return &outMsg{frame: headInPlace(b, opText), size: len(b) - maxHeader}
}

func errorMsg(code core.Code, message string) *outMsg {
	return reply("error", "", map[string]string{"code": string(code), "message": message})
}

func subscribedMsg(room string, head core.Position) *outMsg {
	m := reply("subscribed", room, map[string]any{"guildId": room, "seq": head.Seq, "epoch": head.Epoch})
	m.room, m.pos, m.track = room, head, 1
	return m
}

func unsubscribedMsg(room, reason string) *outMsg {
	m := reply("unsubscribed", room, map[string]string{"guildId": room, "reason": reason})
	m.room, m.track = room, -1
	return m
}

func resyncMsg(room string) *outMsg {
	return reply("resync", room, map[string]string{"guildId": room})
}
