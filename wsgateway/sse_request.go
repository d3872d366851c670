package wsgateway

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/warden-bot/warden/core"
)

// Bounds on what an SSE request may carry. The rooms past MaxRooms are
// answered in the stream (TOO_MANY_SUBSCRIPTIONS, as the WebSocket answers
// a subscribe past the cap); past maxSSERoomParams the request is refused.
const (
	maxSSERoomParams = 64
	maxLastEventID   = 4 << 10
	maxEpochLen      = 64
)

// sseRequest is what an SSE client chose at connect.
type sseRequest struct {
	rooms  []string                 // in the order given, without repeats
	resume map[string]core.Position // from Last-Event-ID, by room
}

// parseSSERequest reads the rooms (repeated guildId query parameters) and
// the positions to resume from (the Last-Event-ID header). Anything else
// in the query is refused: a token in particular never travels in a URL.
func parseSSERequest(r *http.Request) (sseRequest, error) {
	req := sseRequest{resume: map[string]core.Position{}}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return req, errors.New("the query is not well-formed (bad percent-encoding or a ';')")
	}
	seen := map[string]bool{}
	for name, values := range q {
		switch name {
		case "guildId":
		case "token", "access_token", "ticket":
			return req, errors.New("tokens never travel in a URL: send the gateway token as Authorization: Bearer <token>")
		default:
			return req, fmt.Errorf("unknown query parameter %q (only guildId, repeated once per room)", clip(name))
		}
		if len(values) > maxSSERoomParams {
			return req, fmt.Errorf("at most %d guildId parameters", maxSSERoomParams)
		}
		for _, room := range values {
			if !core.ValidRoom(room) {
				return req, fmt.Errorf(`guildId must be a guild id (a Discord snowflake) or "global", got %q`, clip(room))
			}
			if !seen[room] {
				seen[room] = true
				req.rooms = append(req.rooms, room)
			}
		}
	}
	if id := r.Header.Get("Last-Event-ID"); id != "" {
		if req.resume, err = parseEventID(id); err != nil {
			return req, err
		}
	}
	return req, nil
}

// formatEventID writes rooms' positions as an SSE event id:
// "room:seq:epoch" joined by ",", in the order given. A position whose
// epoch parseEventID would refuse is left out (that room then rejoins
// fresh), so that an id the gateway wrote is always one it accepts.
func formatEventID(dst []byte, rooms []string, pos map[string]core.Position) []byte {
	first := true
	for _, room := range rooms {
		p := pos[room]
		if !validEpoch(p.Epoch) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, room...)
		dst = append(dst, ':')
		dst = strconv.AppendUint(dst, p.Seq, 10)
		dst = append(dst, ':')
		dst = append(dst, p.Epoch...)
	}
	return dst
}

// parseEventID reads a Last-Event-ID that formatEventID wrote.
func parseEventID(id string) (map[string]core.Position, error) {
	out := map[string]core.Position{}
	if len(id) > maxLastEventID {
		return nil, fmt.Errorf("Last-Event-ID is longer than %d bytes", maxLastEventID)
	}
	bad := func(part string) error {
		return fmt.Errorf(`Last-Event-ID must be "room:seq:epoch" entries joined by ",", as the stream's ids are; got %q`, clip(part))
	}
	for part := range strings.SplitSeq(id, ",") {
		room, rest, ok1 := strings.Cut(part, ":")
		seqStr, epoch, ok2 := strings.Cut(rest, ":")
		seq, err := strconv.ParseUint(seqStr, 10, 64)
		if !ok1 || !ok2 || err != nil || !core.ValidRoom(room) || !validEpoch(epoch) {
			return nil, bad(part)
		}
		if len(out) >= maxSSERoomParams {
			return nil, fmt.Errorf("Last-Event-ID names more than %d rooms", maxSSERoomParams)
		}
		out[room] = core.Position{Seq: seq, Epoch: epoch}
	}
	return out, nil
}

// validEpoch accepts what brokers use as epochs (short hex strings), with
// room to change: letters, digits, '-' and '_'.
func validEpoch(e string) bool {
	if e == "" || len(e) > maxEpochLen {
		return false
	}
	for _, r := range e {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
