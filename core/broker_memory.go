package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// HistoryConfig bounds what a broker keeps for resume.
type HistoryConfig struct {
	// Size is how many events each room keeps. Zero means 256.
	Size int `yaml:"size"`
	// TTL is how long an event is kept. Zero means 5m.
	TTL time.Duration `yaml:"ttl"`
	// IdleRoomTTL is how long a room nobody subscribes to and nobody
	// publishes to is kept before it and its history are dropped (a later
	// subscriber with an old position then gets resync). Zero means 10m.
	IdleRoomTTL time.Duration `yaml:"idle_room_ttl"`
}

func (h HistoryConfig) withDefaults() HistoryConfig {
	if h.Size <= 0 {
		h.Size = 256
	}
	if h.TTL <= 0 {
		h.TTL = 5 * time.Minute
	}
	if h.IdleRoomTTL <= 0 {
		h.IdleRoomTTL = 10 * time.Minute
	}
	return h
}

// MemoryBroker is the in-process Broker: one instance, history in memory.
type MemoryBroker struct {
	cfg     HistoryConfig
	now     func() time.Time
	mu      sync.Mutex
	rooms   map[string]*memRoom
	handler BrokerHandler
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

type memRoom struct {
	mu         sync.Mutex
	epoch      string
	seq        uint64
	ring       []Event // ring buffer of the last cfg.Size events
	start      int     // index of the oldest event in ring
	n          int     // number of events held
	subs       int     // local Subscribe count
	lastActive time.Time
}

// NewMemoryBroker returns a MemoryBroker with the given bounds. It runs one
// janitor goroutine that drops idle rooms until Close.
func NewMemoryBroker(cfg HistoryConfig) *MemoryBroker {
	b := &MemoryBroker{
		cfg:   cfg.withDefaults(),
		now:   time.Now,
		rooms: map[string]*memRoom{},
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go b.janitor()
	return b
}

func newEpoch() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (b *MemoryBroker) room(name string) *memRoom {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.rooms[name]
	if r == nil {
		r = &memRoom{epoch: newEpoch(), ring: make([]Event, 0, 8), lastActive: b.now()}
		b.rooms[name] = r
	}
	return r
}

// SetHandler implements Broker.
func (b *MemoryBroker) SetHandler(h BrokerHandler) {
	b.mu.Lock()
	b.handler = h
	b.mu.Unlock()
}

// Publish implements Broker. The event is numbered, stored and delivered
// under the room's lock, so delivery order is publish order.
func (b *MemoryBroker) Publish(_ context.Context, ev Event) (Event, error) {
	select {
	case <-b.stop:
		return ev, ErrClosed
	default:
	}
	r := b.room(ev.Room)
	b.mu.Lock()
	h := b.handler
	b.mu.Unlock()

	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	ev.Seq = r.seq
	ev.Epoch = r.epoch
	r.lastActive = b.now()
	r.push(ev, b.cfg.Size)
	if h != nil && r.subs > 0 {
		h(&ev)
	}
	return ev, nil
}

func (r *memRoom) push(ev Event, size int) {
	if r.n < size {
		if len(r.ring) < size && r.start+r.n == len(r.ring) {
			r.ring = append(r.ring, ev)
		} else {
			r.ring[(r.start+r.n)%len(r.ring)] = ev
		}
		r.n++
		return
	}
	r.ring[r.start] = ev
	r.start = (r.start + 1) % len(r.ring)
}

// Subscribe implements Broker.
func (b *MemoryBroker) Subscribe(_ context.Context, room string) error {
	r := b.room(room)
	r.mu.Lock()
	r.subs++
	r.mu.Unlock()
	return nil
}

// Unsubscribe implements Broker.
func (b *MemoryBroker) Unsubscribe(_ context.Context, room string) error {
	b.mu.Lock()
	r := b.rooms[room]
	b.mu.Unlock()
	if r == nil {
		return nil
	}
	r.mu.Lock()
	if r.subs > 0 {
		r.subs--
	}
	r.lastActive = b.now()
	r.mu.Unlock()
	return nil
}

// Head implements Broker.
func (b *MemoryBroker) Head(_ context.Context, room string) (Position, error) {
	r := b.room(room)
	r.mu.Lock()
	defer r.mu.Unlock()
	return Position{Seq: r.seq, Epoch: r.epoch}, nil
}

// History implements Broker.
func (b *MemoryBroker) History(_ context.Context, room string, since uint64, epoch string) ([]Event, Position, error) {
	r := b.room(room)
	r.mu.Lock()
	defer r.mu.Unlock()
	head := Position{Seq: r.seq, Epoch: r.epoch}
	if epoch != r.epoch || since > r.seq {
		return nil, head, ErrHistoryGone
	}
	if since == r.seq {
		return nil, head, nil
	}
	cutoff := b.now().Add(-b.cfg.TTL).UnixMilli()
	var out []Event
	for i := 0; i < r.n; i++ {
		ev := r.ring[(r.start+i)%len(r.ring)]
		if ev.Seq <= since {
			continue
		}
		if out == nil && (ev.Seq != since+1 || ev.Timestamp < cutoff) {
			// The first event after since is gone (evicted or expired).
			return nil, head, ErrHistoryGone
		}
		out = append(out, ev)
	}
	if len(out) == 0 {
		return nil, head, ErrHistoryGone
	}
	return out, head, nil
}

// Rooms returns how many rooms the broker holds; tests and metrics use it.
func (b *MemoryBroker) Rooms() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.rooms)
}

func (b *MemoryBroker) janitor() {
	defer close(b.done)
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			b.evictIdle()
		}
	}
}

// evictIdle drops rooms with no local subscriber and no publish within
// IdleRoomTTL, which bounds memory with many guilds.
func (b *MemoryBroker) evictIdle() {
	cutoff := b.now().Add(-b.cfg.IdleRoomTTL)
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, r := range b.rooms {
		r.mu.Lock()
		idle := r.subs == 0 && r.lastActive.Before(cutoff)
		r.mu.Unlock()
		if idle {
			delete(b.rooms, name)
		}
	}
}

// Close implements Broker.
func (b *MemoryBroker) Close() error {
	b.once.Do(func() { close(b.stop) })
	<-b.done
	return nil
}

var _ Broker = (*MemoryBroker)(nil)
