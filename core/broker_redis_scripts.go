package core

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// The Redis broker keeps three keys per room, all with the room in a hash tag
// so that a cluster keeps them on one slot: the sequence counter, the
// epoch, and a capped stream of encoded events whose ids are "<seq>-0". Every
// write refreshes a TTL on all three (HistoryConfig.IdleRoomTTL), so idle
// rooms leave Redis on their own; a room that comes back starts a new epoch.

// publishScript numbers an event, stores it and publishes it in one atomic
// step, so every instance sees the same seq in the same order.
// KEYS: seq, epoch, stream. ARGV: new epoch, maxlen, ttl ms, timestamp,
// room, name, data, channel. Returns {seq, epoch}.
var publishScript = redis.NewScript(`
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[1], KEYS[3])
  redis.call('SET', KEYS[2], epoch)
end
local seq = redis.call('INCR', KEYS[1])
local msg = seq .. '\n' .. epoch .. '\n' .. ARGV[4] .. '\n' .. ARGV[5] .. '\n' .. ARGV[6] .. '\n' .. ARGV[7]
redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[2], seq .. '-0', 'e', msg)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
redis.call('PUBLISH', ARGV[8], msg)
return {seq, epoch}
`)

// historyScript returns the room's head and the held events from a seq on,
// creating the room's epoch when it has none.
// KEYS: seq, epoch, stream. ARGV: new epoch, ttl ms, first seq, count.
// Returns {seq, epoch, entries}.
var historyScript = redis.NewScript(`
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[1], KEYS[3])
  redis.call('SET', KEYS[2], epoch, 'PX', ARGV[2])
end
local seq = redis.call('GET', KEYS[1])
if not seq then seq = 0 end
local entries = {}
if tonumber(ARGV[4]) > 0 then
  entries = redis.call('XRANGE', KEYS[3], ARGV[3] .. '-0', '+', 'COUNT', ARGV[4])
end
return {tonumber(seq), epoch, entries}
`)

// bumpScript starts a new epoch for a room: its seq and history restart.
// KEYS: seq, epoch, stream. ARGV: new epoch, ttl ms.
var bumpScript = redis.NewScript(`
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return 1
`)

// redisKeys returns the seq, epoch and stream keys of a room.
func (b *RedisBroker) redisKeys(room string) []string {
	p := b.prefix + "{" + room + "}:"
	return []string{p + "seq", p + "epoch", p + "stream"}
}

func (b *RedisBroker) channel(room string) string { return b.prefix + "room:" + room }

func (b *RedisBroker) roomOfChannel(ch string) string {
	return strings.TrimPrefix(ch, b.prefix+"room:")
}

// decodeRedisEvent parses "seq\nepoch\nts\nroom\nname\ndata" as written by
// publishScript. Data comes last because it alone may contain newlines.
func decodeRedisEvent(msg string) (Event, error) {
	parts := strings.SplitN(msg, "\n", 6)
	if len(parts) != 6 {
		return Event{}, fmt.Errorf("redis event: %d fields, want 6", len(parts))
	}
	seq, err := strconv.ParseUint(parts[0], 10, 64)
	if err != nil {
		return Event{}, fmt.Errorf("redis event: seq: %w", err)
	}
	ts, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return Event{}, fmt.Errorf("redis event: timestamp: %w", err)
	}
	return Event{Seq: seq, Epoch: parts[1], Timestamp: ts, Room: parts[3], Name: parts[4], Data: []byte(parts[5])}, nil
}

// decodeStreamEntries turns XRANGE's reply into events.
func decodeStreamEntries(raw any) ([]Event, error) {
	entries, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("redis history: unexpected reply %T", raw)
	}
	out := make([]Event, 0, len(entries))
	for _, e := range entries {
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("redis history: malformed entry")
		}
		fields, ok := pair[1].([]any)
		if !ok || len(fields) != 2 {
			return nil, fmt.Errorf("redis history: malformed entry fields")
		}
		msg, _ := fields[1].(string)
		ev, err := decodeRedisEvent(msg)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// positionOf reads the {seq, epoch, ...} head of a script reply.
func positionOf(reply []any) (Position, error) {
	if len(reply) < 2 {
		return Position{}, fmt.Errorf("redis: short script reply")
	}
	seq, ok := reply[0].(int64)
	epoch, ok2 := reply[1].(string)
	if !ok || !ok2 || seq < 0 {
		return Position{}, fmt.Errorf("redis: malformed script reply %v", reply)
	}
	return Position{Seq: uint64(seq), Epoch: epoch}, nil
}
