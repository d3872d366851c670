package wsgateway

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// maxPending bounds the live events buffered for a member while its
// history is fetched; past it the member gets resync instead.
const maxPending = 1024

// room is a guild's (or the global) room on this instance.
type room struct {
	id      string
	refs    int // members and joiners; guarded by Gateway.roomsMu
	mu      sync.Mutex
	members map[*member]struct{}

	subMu     sync.Mutex
	brokerSub bool
}

// subscriber is what a room member is a place of: a WebSocket connection
// (conn) or an SSE stream (sseConn). Rooms, fanout and access rechecks
// reach a member's client only through it.
type subscriber interface {
	// send queues a frame; false when the client's queue overflowed (the
	// client is then closed 4009) or it is closed.
	send(m *outMsg) bool
	userID() string
	// dropRoom removes a membership the gateway revoked, if it is still
	// the client's.
	dropRoom(room string, m *member) bool
}

// member is one connection's place in one room. Its fields are guarded by
// the room's mu.
type member struct {
	c       subscriber
	room    *room
	access  core.Access
	joining bool
	pending []core.Event
	seq     uint64
	epoch   string
	gone    bool
}

// acquire returns the room, creating it, and counts the caller in.
func (g *Gateway) acquire(id string) *room {
	g.roomsMu.Lock()
	defer g.roomsMu.Unlock()
	r := g.rooms[id]
	if r == nil {
		r = &room{id: id, members: map[*member]struct{}{}}
		g.rooms[id] = r
		g.m.rooms.Inc()
	}
	r.refs++
	return r
}

// release counts the caller out; the last one out drops the room and
// unsubscribes the broker.
func (g *Gateway) release(r *room) {
	g.roomsMu.Lock()
	r.refs--
	last := r.refs == 0
	if last {
		delete(g.rooms, r.id)
		g.m.rooms.Dec()
	}
	g.roomsMu.Unlock()
	if !last {
		return
	}
	r.subMu.Lock()
	defer r.subMu.Unlock()
	if r.brokerSub {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := g.broker.Unsubscribe(ctx, r.id); err != nil {
			g.log.Warn("broker unsubscribe failed", "room", r.id, "err", err)
		}
		r.brokerSub = false
	}
}

// join adds c to a room. Live events that arrive while the room's head or
// history is fetched are held, then sent after the replay without gap or
// duplicate.
func (g *Gateway) join(ctx context.Context, c subscriber, id string, access core.Access, f frame) (*member, error) {
	r := g.acquire(id)
	r.subMu.Lock()
	if !r.brokerSub {
		if err := g.broker.Subscribe(ctx, id); err != nil {
			r.subMu.Unlock()
			g.release(r)
			return nil, err
		}
		r.brokerSub = true
	}
	r.subMu.Unlock()

	m := &member{c: c, room: r, access: access, joining: true}
	r.mu.Lock()
	r.members[m] = struct{}{}
	r.mu.Unlock()
	g.m.subscriptions.Inc()

	var evs []core.Event
	var head core.Position
	var err error
	resync := false
	if f.HasSince {
		evs, head, err = g.broker.History(ctx, id, f.Since, f.Epoch)
		if errors.Is(err, core.ErrHistoryGone) {
			resync, err = true, nil
		}
	} else {
		head, err = g.broker.Head(ctx, id)
	}
	if err != nil {
		g.leave(m)
		return nil, err
	}

	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if m.gone {
		return m, nil
	}
	sub := subscribedMsg(id, head)
	if len(evs) > 0 {
		// Until the replay is written, a resuming client has reached
		// since, not the head: an SSE stream cut meanwhile resumes there.
		sub.pos.Seq = f.Since
	}
	c.send(sub)
	if resync {
		c.send(resyncMsg(id))
	}
	m.seq, m.epoch = head.Seq, head.Epoch
	if len(evs) > 0 {
		m.seq = f.Since
	}
	for i := range evs {
		var msg *outMsg
		g.deliverLocked(m, &evs[i], &msg, now)
	}
	for i := range m.pending {
		var msg *outMsg
		g.deliverLocked(m, &m.pending[i], &msg, now)
	}
	m.pending, m.joining = nil, false
	return m, nil
}

// leave removes a member; it reports false when it was already gone.
func (g *Gateway) leave(m *member) bool {
	r := m.room
	r.mu.Lock()
	if m.gone {
		r.mu.Unlock()
		return false
	}
	m.gone = true
	m.pending = nil
	delete(r.members, m)
	r.mu.Unlock()
	g.m.subscriptions.Dec()
	g.release(r)
	return true
}

// check resolves a user's access to a room; only superusers may join the
// global room.
func (g *Gateway) check(ctx context.Context, user, room string) (core.Access, error) {
	if room == core.GlobalRoom && g.isSuperuser(user) {
		return core.Access{Allowed: true, Reason: "superuser"}, nil
	}
	return g.access().Check(ctx, user, room)
}

// knownRoom reports whether a room can exist: the global room, or a guild
// the bot is in, as the dashboard API's routes require (404 otherwise).
// Without a directory (no Discord component runs) it cannot tell and says
// yes; the access checker still decides.
func (g *Gateway) knownRoom(ctx context.Context, room string) (bool, error) {
	if room == core.GlobalRoom || g.directory == nil {
		return true, nil
	}
	dir := g.directory()
	if dir == nil {
		return true, nil
	}
	_, ok, err := dir.Guild(ctx, room)
	if err != nil {
		return false, fmt.Errorf("is the bot in guild %s: %w", room, err)
	}
	return ok, nil
}

// guildsOf lists the rooms a user may subscribe to for "authenticated".
func (g *Gateway) guildsOf(user string) []string {
	ctx, cancel := context.WithTimeout(g.ctx, 5*time.Second)
	defer cancel()
	guilds, err := g.access().Guilds(ctx, user)
	if err != nil {
		g.log.Warn("list guilds failed", "user", user, "err", err)
	}
	out := make([]string, 0, len(guilds)+1)
	out = append(out, guilds...)
	if a, err := g.check(ctx, user, core.GlobalRoom); err == nil && a.Allowed {
		out = append(out, core.GlobalRoom)
	}
	return out
}
