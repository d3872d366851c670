package wsgateway

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
	"github.com/warden-bot/warden/core"
)

// outMsg is one queued server frame. Room events share one outMsg (and its
// prepared frame) among all members; replies to one client have raw bytes.
type outMsg struct {
	pm   *websocket.PreparedMessage
	raw  []byte
	size int
	at   time.Time // when fanout began; zero for replies
}

// eventMsg encodes an event's envelope once and prepares its frame.
func eventMsg(ev *core.Event, at time.Time) *outMsg {
	data := ev.AppendEnvelope(make([]byte, 0, 112+len(ev.Name)+len(ev.Room)+len(ev.Data)))
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, data)
	if err != nil {
		// NewPreparedMessage fails only when compressing, which is off.
		return &outMsg{raw: data, size: len(data), at: at}
	}
	return &outMsg{pm: pm, size: len(data), at: at}
}

// reply builds a gateway frame in the contract's envelope; guildID is empty
// for frames that are not room-scoped.
func reply(event, guildID string, data any) *outMsg {
	payload, err := json.Marshal(data)
	if err != nil {
		payload = []byte("{}")
	}
	b := make([]byte, 0, 64+len(event)+len(guildID)+len(payload))
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
	return &outMsg{raw: b, size: len(b)}
}

func errorMsg(code core.Code, message string) *outMsg {
	return reply("error", "", map[string]string{"code": string(code), "message": message})
}

func subscribedMsg(room string, head core.Position) *outMsg {
	return reply("subscribed", room, map[string]any{"guildId": room, "seq": head.Seq, "epoch": head.Epoch})
}

func unsubscribedMsg(room, reason string) *outMsg {
	return reply("unsubscribed", room, map[string]string{"guildId": room, "reason": reason})
}

func resyncMsg(room string) *outMsg {
	return reply("resync", room, map[string]string{"guildId": room})
}
