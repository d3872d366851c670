package wsgateway

import (
	"time"

	"github.com/warden-bot/warden/core"
)

// onEvent is the broker's handler. It only enqueues: the envelope is
// encoded and prepared once, and the same bytes are queued for every member
// whose access covers the event's plugin.
func (g *Gateway) onEvent(ev *core.Event) {
	at := time.Now()
	g.m.received.Inc()
	if ev.Room == core.ControlRoom {
		g.onControl(ev)
		return
	}
	if ev.Name == core.EventPermissionsUpdated {
		// The grant may have changed on another instance: drop cached
		// access here too, before anyone is checked again.
		if inv, ok := g.access().(core.AccessInvalidator); ok {
			inv.InvalidateAccess(ev.Room)
		}
		// After the fanout, so members see the event before any removal.
		defer g.scheduleRecheck(ev.Room)
	}
	g.roomsMu.RLock()
	r := g.rooms[ev.Room]
	g.roomsMu.RUnlock()
	if r == nil {
		return
	}
	var msg *outMsg
	delivered, dropped := 0, 0
	r.mu.Lock()
	for m := range r.members {
		if m.joining {
			m.hold(ev)
			continue
		}
		switch g.deliverLocked(m, ev, &msg, at) {
		case sent:
			delivered++
		case overflowed:
			dropped++
		}
	}
	r.mu.Unlock()
	g.m.delivered.Add(float64(delivered))
	if dropped > 0 {
		g.m.dropped.Add(float64(dropped))
	}
}

// hold buffers a live event for a joining member; past maxPending it keeps
// only a gap marker with the latest position, which becomes resync.
func (m *member) hold(ev *core.Event) {
	if len(m.pending) < maxPending {
		m.pending = append(m.pending, *ev)
		return
	}
	m.pending[maxPending-1] = core.Event{Room: ev.Room, Seq: ev.Seq, Epoch: ev.Epoch}
}

type outcome int

const (
	skipped outcome = iota
	sent
	overflowed
)

// deliverLocked sends ev to one member in order: it drops what the member
// already has, answers a gap or a new epoch with resync, and filters by the
// member's plugins. *shared holds the event's prepared frame, built on first
// use. The room's mu must be held.
func (g *Gateway) deliverLocked(m *member, ev *core.Event, shared **outMsg, at time.Time) outcome {
	if ev.Name == "" { // a broker's gap marker: events were lost
		if ev.Epoch != m.epoch || ev.Seq > m.seq {
			m.seq, m.epoch = ev.Seq, ev.Epoch
			m.c.send(subscribedMsg(m.room.id, core.Position{Seq: ev.Seq, Epoch: ev.Epoch}))
			m.c.send(resyncMsg(m.room.id))
		}
		return skipped
	}
	switch {
	case ev.Epoch != m.epoch:
		m.c.send(subscribedMsg(m.room.id, core.Position{Seq: ev.Seq - 1, Epoch: ev.Epoch}))
		m.c.send(resyncMsg(m.room.id))
	case ev.Seq <= m.seq:
		return skipped
	case ev.Seq > m.seq+1:
		m.c.send(resyncMsg(m.room.id))
	}
	m.seq, m.epoch = ev.Seq, ev.Epoch
	if p := core.EventPlugin(ev.Name); p != core.DashboardPlugin && !m.access.AllowsPlugin(p) {
		return skipped
	}
	if *shared == nil {
		*shared = eventMsg(ev, at)
	}
	if m.c.send(*shared) {
		return sent
	}
	return overflowed
}
