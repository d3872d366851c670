package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// RedisBroker is the Broker that makes many instances one: seq and epoch are
// allocated in Redis, history is a capped stream per room, and each event is
// PUBLISHed on its room's channel. An instance subscribes only to the
// channels of rooms it has members in, and delivers events to its handler
// from one goroutine, in seq order, without duplicates.
//
// When Redis cannot be reached, local delivery goes on through an in-process
// MemoryBroker whose rooms have their own epochs, so a client that saw those
// events and later resumes against Redis gets resync, never a silent gap.
// When Redis returns, every room published locally during the outage starts
// a new Redis epoch, so clients on other instances resync too. A gap the
// broker cannot fill from the stream (a long outage) is reported to the
// handler as an Event with an empty Name whose Seq and Epoch are the room's
// new head; the gateway answers it with resync.
type RedisBroker struct {
	client *redis.Client
	ps     *redis.PubSub
	cfg    HistoryConfig
	prefix string
	log    *slog.Logger
	local  *MemoryBroker
	m      *redisBrokerMetrics

	handler atomic.Pointer[BrokerHandler]
	up      atomic.Bool
	kick    chan struct{}

	mu       sync.Mutex
	rooms    map[string]*redisRoom
	degraded map[string]struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// redisRoom is a room this instance subscribes to: how many local
// subscribers it has and the last position delivered to the handler.
type redisRoom struct {
	subs  int
	seq   uint64
	epoch string
	ready chan struct{} // closed when Redis confirms the subscription
}

// RedisBrokerOptions configure NewRedisBroker.
type RedisBrokerOptions struct {
	// URL is the redis:// URL (REDIS_URL).
	URL string
	// History bounds each room's stream.
	History HistoryConfig
	// Prefix starts every key and channel. Empty means "warden:".
	Prefix string
	// Logger receives state changes. Nil means slog.Default().
	Logger *slog.Logger
	// Registerer receives the broker's metrics. Nil means none.
	Registerer prometheus.Registerer
}

// NewRedisBroker connects to Redis and starts the receive and health
// goroutines. Redis need not be up: the broker starts in local mode and
// switches over when Redis answers.
func NewRedisBroker(opts RedisBrokerOptions) (*RedisBroker, error) {
	ro, err := redis.ParseURL(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = time.Second, 2*time.Second, 2*time.Second
	ro.MaxRetries = 1
	if opts.Prefix == "" {
		opts.Prefix = "warden:"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	b := &RedisBroker{
		client:   redis.NewClient(ro),
		cfg:      opts.History.withDefaults(),
		prefix:   opts.Prefix,
		log:      opts.Logger,
		local:    NewMemoryBroker(opts.History),
		m:        newRedisBrokerMetrics(opts.Registerer),
		kick:     make(chan struct{}, 1),
		rooms:    map[string]*redisRoom{},
		degraded: map[string]struct{}{},
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.ps = b.client.Subscribe(b.ctx)
	pingCtx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	if err := b.client.Ping(pingCtx).Err(); err != nil {
		b.log.Warn("redis unreachable at start; delivering locally until it answers", "err", err)
	} else {
		b.setUp()
	}
	b.wg.Add(2)
	go b.receive()
	go b.monitor()
	return b, nil
}

// SetHandler implements Broker.
func (b *RedisBroker) SetHandler(h BrokerHandler) {
	b.handler.Store(&h)
	b.local.SetHandler(h)
}

// Publish implements Broker. While Redis is unreachable the event is
// numbered and delivered locally in the room's local epoch.
func (b *RedisBroker) Publish(ctx context.Context, ev Event) (Event, error) {
	if b.ctx.Err() != nil {
		return ev, ErrClosed
	}
	if !b.up.Load() {
		return b.publishLocal(ctx, ev)
	}
	ttl := strconv.FormatInt(b.cfg.IdleRoomTTL.Milliseconds(), 10)
	reply, err := publishScript.Run(ctx, b.client, b.redisKeys(ev.Room), newEpoch(), b.cfg.Size, ttl,
		ev.Timestamp, ev.Room, ev.Name, string(ev.Data), b.channel(ev.Room)).Slice()
	if err != nil {
		if ctx.Err() != nil {
			return ev, fmt.Errorf("redis publish to %s: %w", ev.Room, ctx.Err())
		}
		b.setDown(err)
		return b.publishLocal(ctx, ev)
	}
	pos, err := positionOf(reply)
	if err != nil {
		return ev, err
	}
	ev.Seq, ev.Epoch = pos.Seq, pos.Epoch
	b.m.published.WithLabelValues("redis").Inc()
	return ev, nil
}

func (b *RedisBroker) publishLocal(ctx context.Context, ev Event) (Event, error) {
	b.mu.Lock()
	b.degraded[ev.Room] = struct{}{}
	b.mu.Unlock()
	b.m.published.WithLabelValues("local").Inc()
	return b.local.Publish(ctx, ev)
}

// Subscribe implements Broker. It returns once Redis confirms the
// subscription (or after a short wait when Redis is down; the subscription
// is then made when Redis returns).
func (b *RedisBroker) Subscribe(ctx context.Context, room string) error {
	if err := b.local.Subscribe(ctx, room); err != nil {
		return err
	}
	b.mu.Lock()
	r := b.rooms[room]
	first := r == nil
	if first {
		r = &redisRoom{ready: make(chan struct{})}
		b.rooms[room] = r
	}
	r.subs++
	b.mu.Unlock()
	if !first {
		return nil
	}
	if err := b.ps.Subscribe(ctx, b.channel(room)); err != nil {
		b.setDown(err) // go-redis keeps the channel and subscribes on reconnect
		return nil
	}
	wait, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	select {
	case <-r.ready:
	case <-wait.Done():
	}
	return nil
}

// Unsubscribe implements Broker.
func (b *RedisBroker) Unsubscribe(ctx context.Context, room string) error {
	_ = b.local.Unsubscribe(ctx, room)
	b.mu.Lock()
	r := b.rooms[room]
	last := false
	if r != nil {
		r.subs--
		if last = r.subs <= 0; last {
			delete(b.rooms, room)
		}
	}
	b.mu.Unlock()
	if last {
		if err := b.ps.Unsubscribe(ctx, b.channel(room)); err != nil {
			b.setDown(err)
		}
	}
	return nil
}

// Head implements Broker.
func (b *RedisBroker) Head(ctx context.Context, room string) (Position, error) {
	if !b.up.Load() {
		return b.local.Head(ctx, room)
	}
	_, head, err := b.redisHistory(ctx, room, 0, 0)
	if err != nil {
		b.setDown(err)
		return b.local.Head(ctx, room)
	}
	return head, nil
}

// History implements Broker. A position in a local epoch is served from the
// local history; any other needs Redis.
func (b *RedisBroker) History(ctx context.Context, room string, since uint64, epoch string) ([]Event, Position, error) {
	if lh, _ := b.local.Head(ctx, room); lh.Epoch == epoch {
		return b.local.History(ctx, room, since, epoch)
	}
	if !b.up.Load() {
		head, _ := b.local.Head(ctx, room)
		return nil, head, ErrHistoryGone
	}
	evs, head, err := b.historyFromRedis(ctx, room, since, epoch)
	if err != nil && !errors.Is(err, ErrHistoryGone) {
		b.setDown(err)
		lh, _ := b.local.Head(ctx, room)
		return nil, lh, ErrHistoryGone
	}
	return evs, head, err
}

// historyFromRedis is History against the room's stream.
func (b *RedisBroker) historyFromRedis(ctx context.Context, room string, since uint64, epoch string) ([]Event, Position, error) {
	evs, head, err := b.redisHistory(ctx, room, since+1, b.cfg.Size)
	if err != nil {
		return nil, head, err
	}
	if epoch != head.Epoch || since > head.Seq {
		return nil, head, ErrHistoryGone
	}
	if since == head.Seq {
		return nil, head, nil
	}
	cutoff := time.Now().Add(-b.cfg.TTL).UnixMilli()
	if len(evs) == 0 || evs[0].Seq != since+1 || evs[0].Timestamp < cutoff {
		return nil, head, ErrHistoryGone
	}
	return evs, head, nil
}

func (b *RedisBroker) redisHistory(ctx context.Context, room string, from uint64, count int) ([]Event, Position, error) {
	ttl := strconv.FormatInt(b.cfg.IdleRoomTTL.Milliseconds(), 10)
	reply, err := historyScript.Run(ctx, b.client, b.redisKeys(room), newEpoch(), ttl, from, count).Slice()
	if err != nil {
		return nil, Position{}, fmt.Errorf("redis history of %s: %w", room, err)
	}
	head, err := positionOf(reply)
	if err != nil || len(reply) < 3 {
		return nil, head, errors.Join(err, errors.New("redis history: short reply"))
	}
	evs, err := decodeStreamEntries(reply[2])
	return evs, head, err
}

// Ready reports whether Redis answers; /readyz shows it.
func (b *RedisBroker) Ready(context.Context) error {
	if !b.up.Load() {
		return errors.New("redis unreachable: delivering locally only")
	}
	return nil
}

// Close implements Broker.
func (b *RedisBroker) Close() error {
	b.cancel()
	_ = b.ps.Close()
	b.wg.Wait()
	return errors.Join(b.client.Close(), b.local.Close())
}

var _ Broker = (*RedisBroker)(nil)
