package core

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// MaxEventData is the largest encoded payload Broadcast accepts.
const MaxEventData = 256 << 10

// coalesceWindow is how often at most a stats event goes out per room.
const coalesceWindow = time.Second

// Bus turns Broadcast calls into published events: it checks the name against
// the catalog, encodes the payload once, coalesces stats events, and hands
// everything to the Broker. A nil *Bus is a valid no-op, so Broadcast is safe
// where no gateway runs.
type Bus struct {
	broker  Broker
	catalog *Catalog
	log     *slog.Logger
	now     func() time.Time
	window  time.Duration
	metrics *Metrics

	mu      sync.Mutex
	closed  bool
	pending map[coalesceKey]*coalesceState
}

type coalesceKey struct{ room, name string }

type coalesceState struct {
	last  time.Time
	ev    *Event
	timer *time.Timer
}

// NewBus returns a Bus publishing to broker.
func NewBus(broker Broker, catalog *Catalog, log *slog.Logger, m *Metrics) *Bus {
	if m == nil {
		m = NewMetrics()
	}
	return &Bus{
		broker:  broker,
		catalog: catalog,
		log:     log,
		now:     time.Now,
		window:  coalesceWindow,
		metrics: m,
		pending: map[coalesceKey]*coalesceState{},
	}
}

// Broadcast publishes event to room (a guild id, or GlobalRoom) with data
// encoded as JSON. Call it after the write the event describes has
// committed. It returns an error, and logs it, for a malformed or undeclared
// name, a bad room, or a payload that cannot be encoded; it never panics.
func (b *Bus) Broadcast(room, event string, data any) error {
	if b == nil {
		return nil
	}
	err := b.broadcast(room, event, data)
	if err != nil {
		b.log.Error("broadcast refused", "event", event, "room", room, "err", err)
		b.metrics.eventsRefused.Inc()
	}
	return err
}

func (b *Bus) broadcast(room, event string, data any) error {
	if !ValidEventName(event) {
		return fmt.Errorf("event %q: %w", event, ErrBadEventName)
	}
	spec, ok := b.catalog.Lookup(event)
	if !ok {
		return fmt.Errorf("event %q: %w", event, ErrUndeclaredEvent)
	}
	if spec.Global && room != GlobalRoom {
		return fmt.Errorf("event %q goes to room %q only, not %q", event, GlobalRoom, room)
	}
	if !spec.Global && !IsSnowflake(room) {
		return fmt.Errorf("event %q: room %q is not a guild id", event, room)
	}
	raw, err := encodeData(data)
	if err != nil {
		return fmt.Errorf("event %q: %w", event, err)
	}
	ev := Event{Room: room, Name: event, Data: raw, Timestamp: b.now().UnixMilli()}
	if IsStatsEvent(event) {
		return b.coalesce(ev)
	}
	return b.publish(ev)
}

func encodeData(data any) (json.RawMessage, error) {
	var raw []byte
	switch d := data.(type) {
	case nil:
		raw = []byte("{}")
	case json.RawMessage:
		if !json.Valid(d) {
			return nil, fmt.Errorf("payload is not valid JSON")
		}
		raw = d
	default:
		var err error
		if raw, err = json.Marshal(d); err != nil {
			return nil, fmt.Errorf("encode payload: %w", err)
		}
	}
	if len(raw) > MaxEventData {
		return nil, fmt.Errorf("payload of %d bytes is over the %d-byte limit", len(raw), MaxEventData)
	}
	return raw, nil
}

func (b *Bus) publish(ev Event) error {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return ErrClosed
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := b.broker.Publish(ctx, ev); err != nil {
		return fmt.Errorf("publish %s to %s: %w", ev.Name, ev.Room, err)
	}
	b.metrics.eventsPublished.WithLabelValues(EventPlugin(ev.Name)).Inc()
	return nil
}

// coalesce sends a stats event at once if none went out for the room in the
// last window; otherwise it keeps the latest and sends it when the window
// ends.
func (b *Bus) coalesce(ev Event) error {
	key := coalesceKey{ev.Room, ev.Name}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	st := b.pending[key]
	if st == nil {
		if len(b.pending) > 4096 {
			b.sweepLocked()
		}
		st = &coalesceState{}
		b.pending[key] = st
	}
	now := b.now()
	if st.timer == nil && now.Sub(st.last) >= b.window {
		st.last = now
		b.mu.Unlock()
		return b.publish(ev)
	}
	st.ev = &ev
	if st.timer == nil {
		st.timer = time.AfterFunc(b.window-now.Sub(st.last), func() { b.flush(key) })
	}
	b.mu.Unlock()
	return nil
}

func (b *Bus) flush(key coalesceKey) {
	b.mu.Lock()
	st := b.pending[key]
	if b.closed || st == nil {
		b.mu.Unlock()
		return
	}
	ev := st.ev
	st.ev, st.timer, st.last = nil, nil, b.now()
	b.mu.Unlock()
	if ev == nil {
		return
	}
	if err := b.publish(*ev); err != nil {
		b.log.Error("publish coalesced event", "event", ev.Name, "room", ev.Room, "err", err)
	}
}

// sweepLocked forgets rooms whose last stats event is older than the window.
func (b *Bus) sweepLocked() {
	cutoff := b.now().Add(-b.window)
	for k, st := range b.pending {
		if st.timer == nil && st.last.Before(cutoff) {
			delete(b.pending, k)
		}
	}
}

// Close stops pending coalesced sends; later Broadcast calls return ErrClosed.
func (b *Bus) Close() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for _, st := range b.pending {
		if st.timer != nil {
			st.timer.Stop()
		}
	}
	b.pending = map[coalesceKey]*coalesceState{}
}
