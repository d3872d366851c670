package core

import (
	"context"
	"errors"
	"net"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

type redisBrokerMetrics struct {
	up         prometheus.Gauge
	reconnects prometheus.Counter
	published  *prometheus.CounterVec
	lag        prometheus.Histogram
}

func newRedisBrokerMetrics(reg prometheus.Registerer) *redisBrokerMetrics {
	m := &redisBrokerMetrics{
		up: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "warden_redis_broker_up",
			Help: "1 while the Redis broker reaches Redis, 0 while it delivers locally only.",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "warden_redis_broker_reconnects_total",
			Help: "Times Redis came back after being unreachable.",
		}),
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warden_redis_broker_published_total",
			Help: "Events published, by path: redis, or local while Redis was unreachable.",
		}, []string{"path"}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "warden_redis_broker_lag_seconds",
			Help:    "Time from an event's publish to its receipt from Redis on this instance.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
	}
	if reg != nil {
		reg.MustRegister(m.up, m.reconnects, m.published, m.lag)
	}
	return m
}

// receive reads the pub/sub connection until Close. go-redis reconnects and
// resubscribes by itself on the next read after an error; a confirmation
// for a room that had already delivered events means the connection was
// lost, so the room is caught up from its stream.
func (b *RedisBroker) receive() {
	defer b.wg.Done()
	for b.ctx.Err() == nil {
		msg, err := b.ps.ReceiveTimeout(b.ctx, 2*time.Second)
		if err != nil {
			if b.ctx.Err() != nil {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				if err := b.ps.Ping(b.ctx); err != nil {
					b.setDown(err)
				}
				continue
			}
			b.setDown(err)
			b.sleep(250 * time.Millisecond)
			continue
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				b.confirmed(b.roomOfChannel(m.Channel))
			}
		case *redis.Message:
			ev, err := decodeRedisEvent(m.Payload)
			if err != nil {
				b.log.Error("drop malformed redis event", "channel", m.Channel, "err", err)
				continue
			}
			b.m.lag.Observe(time.Since(time.UnixMilli(ev.Timestamp)).Seconds())
			b.deliver(ev)
		}
	}
}

// confirmed marks a subscription live and, after a reconnect, delivers what
// the room missed.
func (b *RedisBroker) confirmed(room string) {
	b.mu.Lock()
	r := b.rooms[room]
	var seq uint64
	var epoch string
	if r != nil {
		select {
		case <-r.ready:
		default:
			close(r.ready)
		}
		seq, epoch = r.seq, r.epoch
	}
	b.mu.Unlock()
	if r != nil && epoch != "" {
		b.catchUp(room, seq, epoch)
	}
}

// deliver hands an event to the handler unless it was already delivered,
// first filling any gap before it from the room's stream.
func (b *RedisBroker) deliver(ev Event) {
	b.mu.Lock()
	r := b.rooms[ev.Room]
	if r == nil || (r.epoch == ev.Epoch && ev.Seq <= r.seq) {
		b.mu.Unlock()
		return
	}
	gap := r.epoch == ev.Epoch && ev.Seq > r.seq+1
	seq, epoch := r.seq, r.epoch
	b.mu.Unlock()
	if gap {
		b.catchUp(ev.Room, seq, epoch)
	}
	b.hand(ev)
}

// catchUp delivers the room's events after (seq, epoch) from its stream, or
// a gap marker carrying the new head when they are no longer held.
func (b *RedisBroker) catchUp(room string, seq uint64, epoch string) {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	evs, head, err := b.historyFromRedis(ctx, room, seq, epoch)
	switch {
	case errors.Is(err, ErrHistoryGone):
		b.hand(Event{Room: room, Seq: head.Seq, Epoch: head.Epoch, Timestamp: time.Now().UnixMilli()})
	case err != nil:
		b.log.Warn("redis catch-up failed", "room", room, "err", err)
	}
	for _, ev := range evs {
		b.hand(ev)
	}
}

// hand records the room's position and calls the handler, dropping events
// at or before the position already delivered.
func (b *RedisBroker) hand(ev Event) {
	b.mu.Lock()
	r := b.rooms[ev.Room]
	if r == nil || (r.epoch == ev.Epoch && ev.Seq <= r.seq && ev.Name != "") {
		b.mu.Unlock()
		return
	}
	r.seq, r.epoch = ev.Seq, ev.Epoch
	b.mu.Unlock()
	if h := b.handler.Load(); h != nil {
		(*h)(&ev)
	}
}

// setDown switches to local delivery; it logs once per outage.
func (b *RedisBroker) setDown(err error) {
	if b.ctx.Err() != nil {
		return
	}
	if b.up.CompareAndSwap(true, false) {
		b.m.up.Set(0)
		b.log.Warn("redis unreachable; delivering locally and retrying with backoff", "err", err)
		select {
		case b.kick <- struct{}{}:
		default:
		}
	}
}

func (b *RedisBroker) setUp() {
	b.up.Store(true)
	b.m.up.Set(1)
}

// monitor pings Redis: every second while up, with backoff from 100 ms to
// 5 s while down. When Redis answers again it bumps the epoch of every room
// that was published locally meanwhile, then switches back.
func (b *RedisBroker) monitor() {
	defer b.wg.Done()
	backoff := 100 * time.Millisecond
	for {
		wait := time.Second
		if !b.up.Load() {
			wait = backoff
			backoff = min(backoff*2, 5*time.Second)
		}
		select {
		case <-b.ctx.Done():
			return
		case <-b.kick:
			backoff = 100 * time.Millisecond
			continue
		case <-time.After(wait):
		}
		ctx, cancel := context.WithTimeout(b.ctx, time.Second)
		err := b.client.Ping(ctx).Err()
		if err == nil && !b.up.Load() {
			err = b.bumpDegraded(ctx)
			if err == nil {
				b.setUp()
				b.m.reconnects.Inc()
				b.log.Info("redis reachable again; cross-instance delivery resumed")
				backoff = 100 * time.Millisecond
			}
		}
		cancel()
		if err != nil {
			b.setDown(err)
		}
	}
}

// bumpDegraded starts a new Redis epoch for each room that had local
// events, so that no instance's clients resume across the events Redis
// never saw.
func (b *RedisBroker) bumpDegraded(ctx context.Context) error {
	b.mu.Lock()
	rooms := make([]string, 0, len(b.degraded))
	for r := range b.degraded {
		rooms = append(rooms, r)
	}
	b.mu.Unlock()
	ttl := strconv.FormatInt(b.cfg.IdleRoomTTL.Milliseconds(), 10)
	for _, room := range rooms {
		if err := bumpScript.Run(ctx, b.client, b.redisKeys(room), newEpoch(), ttl).Err(); err != nil {
			return err
		}
		b.mu.Lock()
		delete(b.degraded, room)
		b.mu.Unlock()
	}
	return nil
}

func (b *RedisBroker) sleep(d time.Duration) {
	select {
	case <-b.ctx.Done():
	case <-time.After(d):
	}
}
