package wsgateway

import (
	"context"
	"time"

	"github.com/warden-bot/warden/core"
)

// scheduleRecheck queues a room for an access recheck without blocking
// (it is called from the broker's handler).
func (g *Gateway) scheduleRecheck(room string) {
	g.recheckMu.Lock()
	g.recheckSet[room] = struct{}{}
	g.recheckMu.Unlock()
	select {
	case g.recheckWake <- struct{}{}:
	default:
	}
}

// recheckLoop runs the queued rechecks until the gateway stops.
func (g *Gateway) recheckLoop() {
	defer g.wg.Done()
	for {
		select {
		case <-g.ctx.Done():
			return
		case <-g.recheckWake:
		}
		g.recheckMu.Lock()
		rooms := g.recheckSet
		g.recheckSet = map[string]struct{}{}
		g.recheckMu.Unlock()
		for room := range rooms {
			if room == core.ControlRoom {
				g.recheckSessions()
				continue
			}
			ctx, cancel := context.WithTimeout(g.ctx, 10*time.Second)
			g.RecheckRoom(ctx, room)
			cancel()
		}
	}
}

// RecheckRoom asks the access checker again for every member of a room on
// this instance. Members who lost access are removed at once with
// "unsubscribed" and a reason; the others get their plugin filter
// refreshed. The dashboard API may call it after changing grants; the
// gateway also calls it on every dashboard:permissions_updated event, which
// reaches every instance through the broker.
func (g *Gateway) RecheckRoom(ctx context.Context, guildID string) {
	g.roomsMu.RLock()
	r := g.rooms[guildID]
	g.roomsMu.RUnlock()
	if r == nil {
		return
	}
	r.mu.Lock()
	ms := make([]*member, 0, len(r.members))
	for m := range r.members {
		ms = append(ms, m)
	}
	r.mu.Unlock()
	for _, m := range ms {
		user := m.c.userID()
		a, err := g.check(ctx, user, guildID)
		if err != nil {
			g.log.Warn("access recheck failed; membership kept", "guild", guildID, "user", user, "err", err)
			continue
		}
		if a.Allowed {
			r.mu.Lock()
			m.access = a
			r.mu.Unlock()
			continue
		}
		if g.leave(m) {
			m.c.dropRoom(guildID, m)
			reason := "access revoked"
			if a.Reason != "" {
				reason += ": " + a.Reason
			}
			m.c.send(unsubscribedMsg(guildID, reason))
		}
	}
}
