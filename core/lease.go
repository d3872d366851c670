package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// leaseCollection holds one document per lease, named by the work it
// guards ("moderation:scheduler").
const leaseCollection = "core_leases"

// leaseRecord is a lease. Holder is the instance running the work, empty
// once it let go. Every renewal writes a new version; the version, not a
// time, is what other instances watch, so the lease needs no agreement
// between the machines' clocks.
type leaseRecord struct {
	store.Meta
	Holder  string    `json:"holder"`
	Renewed time.Time `json:"renewed"` // for people reading the store; never compared
}

// instanceID names this process for leases (and logs): host, pid and a
// random suffix, so a restarted process is a new holder.
func instanceID() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// lease runs one piece of background work on one instance of a
// deployment at a time.
//
// The holder renews every ttl/3 (a version-checked write). Another
// instance takes the lease over only when it has seen the same version
// for a whole ttl by its own clock, or when the holder let go. The holder
// stops its work once 2·ttl/3 have passed since it sent its last
// successful renewal: that renewal was stored after it was sent, and a
// taker waits a whole ttl after seeing it, so the holder has stopped
// before anyone else starts, whatever the clocks of the machines say.
// Work guarded by a lease should still make each of its writes
// version-checked: a process paused for longer than ttl (a stopped VM)
// wakes up past its deadline, and its writes must then lose.
type lease struct {
	coll   *store.Collection[leaseRecord]
	name   string
	holder string
	ttl    time.Duration
	clock  func() time.Time // monotonic: time.Now in production
	wall   func() time.Time

	held     *leaseRecord // the record as last written by us, nil when not held
	sentAt   time.Time    // when the write that produced held was sent
	seen     int64        // the version of someone else's lease we watch
	seenAt   time.Time    // when we first saw it
	seenHold string
}

// errLeaseLost is why a holder's work is stopped.
var errLeaseLost = errors.New("lease lost")

// tick tries to take or renew the lease and reports whether this
// instance holds it now, with the deadline by which its work must stop.
func (l *lease) tick(ctx context.Context) (bool, time.Time, error) {
	now := l.clock()
	if l.held != nil {
		next := *l.held
		next.Renewed = l.wall()
		if err := l.coll.Replace(ctx, &next); err != nil {
			if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
				l.held = nil
				return false, time.Time{}, errLeaseLost
			}
			// The store is unreachable: keep working until the deadline
			// of the last renewal that succeeded.
			return now.Before(l.deadline()), l.deadline(), fmt.Errorf("renew lease %s: %w", l.name, err)
		}
		l.held, l.sentAt = &next, now
		return true, l.deadline(), nil
	}
	cur, err := l.coll.Get(ctx, l.name)
	if errors.Is(err, store.ErrNotFound) {
		rec := &leaseRecord{Meta: store.Meta{ID: l.name}, Holder: l.holder, Renewed: l.wall()}
		if err := l.coll.Insert(ctx, rec); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return false, time.Time{}, nil // someone else was quicker
			}
			return false, time.Time{}, fmt.Errorf("take lease %s: %w", l.name, err)
		}
		l.held, l.sentAt = rec, now
		return true, l.deadline(), nil
	}
	if err != nil {
		return false, time.Time{}, fmt.Errorf("read lease %s: %w", l.name, err)
	}
	if cur.Holder != "" && cur.Holder != l.holder {
		if cur.Version != l.seen || cur.Holder != l.seenHold {
			l.seen, l.seenAt, l.seenHold = cur.Version, now, cur.Holder
			return false, time.Time{}, nil
		}
		if now.Sub(l.seenAt) < l.ttl {
			return false, time.Time{}, nil
		}
	}
	// Free, ours from an earlier run of this process's lease, or its
	// holder has not renewed for a whole ttl: take it, version-checked,
	// so two takers cannot both win.
	next := *cur
	next.Holder, next.Renewed = l.holder, l.wall()
	if err := l.coll.Replace(ctx, &next); err != nil {
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
			return false, time.Time{}, nil
		}
		return false, time.Time{}, fmt.Errorf("take lease %s: %w", l.name, err)
	}
	l.held, l.sentAt = &next, now
	return true, l.deadline(), nil
}

// deadline is when the holder's work must have stopped without a newer
// renewal.
func (l *lease) deadline() time.Time { return l.sentAt.Add(2 * l.ttl / 3) }

// release lets go of a held lease so that another instance takes it at
// once instead of after ttl.
func (l *lease) release(ctx context.Context) error {
	if l.held == nil {
		return nil
	}
	next := *l.held
	next.Holder, next.Renewed = "", l.wall()
	l.held = nil
	if err := l.coll.Replace(ctx, &next); err != nil && !errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("release lease %s: %w", l.name, err)
	}
	return nil
}

// GoLeased runs fn like Go, but on one instance of the deployment at a
// time: background work that must not run twice (an expiry sweep, a
// scheduled close). Each instance runs a standby that takes the lease
// over within about LEASE_TTL of its holder dying, and fn's context is
// canceled when this instance loses the lease or the plugin stops. fn may
// therefore start and stop several times in a process's life; it should
// keep its state in the store. name is unique within the plugin.
func (pc *Context) GoLeased(name string, fn func(ctx context.Context)) {
	l := pc.core.newLease(pc.ID + ":" + name)
	log := pc.Logger.With("lease", l.name)
	pc.Go(name, func(ctx context.Context) { runLeased(ctx, l, log, fn) })
}

func (c *Core) newLease(name string) *lease {
	return &lease{
		coll:   c.coll.leases,
		name:   name,
		holder: c.instance,
		ttl:    c.cfg.LeaseTTL,
		clock:  time.Now,
		wall:   c.now,
	}
}

// leasedWork is fn running under a held lease.
type leasedWork struct {
	fn     func(ctx context.Context)
	cancel context.CancelFunc
	done   chan struct{}
}

func (w *leasedWork) running() bool { return w.cancel != nil }

func (w *leasedWork) start(ctx context.Context) {
	ctx, w.cancel = context.WithCancel(ctx)
	w.done = make(chan struct{})
	go func() {
		defer close(w.done)
		w.fn(ctx)
	}()
}

// stop cancels fn and waits for it to return.
func (w *leasedWork) stop() bool {
	if w.cancel == nil {
		return false
	}
	w.cancel()
	<-w.done
	w.cancel, w.done = nil, nil
	return true
}

// runLeased keeps trying for the lease and runs fn while it is held.
func runLeased(ctx context.Context, l *lease, log *slog.Logger, fn func(ctx context.Context)) {
	work := &leasedWork{fn: fn}
	stopWork := func(why string) {
		if work.stop() {
			log.Info("lease work stopped", "why", why)
		}
	}
	defer func() {
		stopWork("stopping")
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := l.release(rctx); err != nil {
			log.Warn("lease not released; another instance takes it after LEASE_TTL", "err", err)
		}
	}()
	every := l.ttl / 3
	tick := time.NewTimer(0)
	defer tick.Stop()
	expire := time.NewTimer(time.Hour)
	expire.Stop()
	defer expire.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-expire.C:
			// No renewal succeeded in time: stop before another instance
			// may take over.
			stopWork("lease not renewed in time")
			l.held = nil
			continue
		case <-tick.C:
		}
		held, deadline, err := l.tick(ctx)
		switch {
		case errors.Is(err, errLeaseLost):
			log.Warn("lease lost to another instance")
		case err != nil && ctx.Err() == nil:
			log.Warn("lease", "err", err)
		}
		if held {
			expire.Reset(time.Until(deadline))
			if !work.running() {
				log.Info("lease taken; work started", "holder", l.holder)
				work.start(ctx)
			}
		} else {
			expire.Stop()
			stopWork("lease held elsewhere")
		}
		tick.Reset(every)
	}
}
