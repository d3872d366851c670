package wsgateway

import (
	"fmt"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// sseConn is one Server-Sent Events stream: the fallback transport for
// networks whose proxies refuse WebSocket upgrades (docs/protocol.md,
// "SSE fallback"). It is a room member like a WebSocket connection
// (subscriber) and shares its queue, its slow-client policy and its
// access rechecks; only the wire differs. Its request's goroutine is its
// writer (sse_write.go); nothing else writes to the response.
type sseConn struct {
	g       *Gateway
	q       *sendQueue
	wake    chan struct{} // poked when the queue gets a frame while the writer waits
	kill    chan struct{} // closed by closeWith
	subDone chan struct{} // closed when the rooms chosen at connect are joined

	// Set before the stream is registered and never changed after.
	user  string
	bound bool  // authenticated with a session-bound token
	iat   int64 // that token's iat, Unix seconds; 0 when it has none

	closeOnce sync.Once
	closeMu   sync.Mutex
	code      int
	reason    string

	mu     sync.Mutex
	subs   map[string]*member
	expiry *time.Timer

	// The writer's own: the rooms' positions its event ids carry, and
	// their order.
	pos   map[string]core.Position
	order []string
}

func newSSEConn(g *Gateway, claims *core.Claims) *sseConn {
	s := &sseConn{
		g:       g,
		q:       newSendQueue(g.cfg.SendQueueBytes),
		wake:    make(chan struct{}, 1),
		kill:    make(chan struct{}),
		subDone: make(chan struct{}),
		user:    claims.Subject,
		bound:   core.SessionBound(claims),
		subs:    map[string]*member{},
		pos:     map[string]core.Position{},
	}
	if claims.IssuedAt != nil {
		s.iat = claims.IssuedAt.Unix()
	}
	return s
}

// send queues a frame; a full queue closes the stream 4009, as it closes
// a WebSocket.
func (s *sseConn) send(m *outMsg) bool {
	ok, start := s.q.push(m)
	if start {
		s.poke()
	}
	if ok {
		return true
	}
	s.q.close() // nothing after a lost frame may reach the client
	s.closeWith(CloseTooSlow, "client too slow: send queue overflowed")
	return false
}

// ping queues a heartbeat comment; like a protocol ping it takes no room
// in the queue's byte bound, and a closed queue drops it.
func (s *sseConn) ping() {
	if _, start := s.q.push(ssePing); start {
		s.poke()
	}
}

func (s *sseConn) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// closeWith ends the stream: the writer sends what is queued, then a
// final "close" event with code and reason. Only the first call counts;
// it never blocks.
func (s *sseConn) closeWith(code int, reason string) {
	s.closeOnce.Do(func() {
		s.closeMu.Lock()
		s.code, s.reason = code, reason
		s.closeMu.Unlock()
		close(s.kill)
	})
}

func (s *sseConn) closeCode() (int, string) {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	return s.code, s.reason
}

func (s *sseConn) closing() bool {
	select {
	case <-s.kill:
		return true
	default:
		return false
	}
}

func (s *sseConn) userID() string { return s.user }

func (s *sseConn) dropRoom(room string, m *member) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs[room] != m {
		return false
	}
	delete(s.subs, room)
	return true
}

// revokedBy reports whether a revocation of user's tokens issued at or
// before before covers the stream's token.
func (s *sseConn) revokedBy(user string, before int64) bool {
	return s.user == user && s.bound && s.iat <= before
}

// subscribeAll joins the rooms chosen at connect in order, each checked
// as a WebSocket subscribe is: a refused room gets the same error event,
// and rooms past MaxRooms get TOO_MANY_SUBSCRIPTIONS.
func (s *sseConn) subscribeAll(req sseRequest) {
	defer close(s.subDone)
	for i, room := range req.rooms {
		if s.closing() {
			return
		}
		if i >= s.g.cfg.MaxRooms {
			s.send(errorMsg(core.CodeTooManySubscriptions, fmt.Sprintf("at most %d rooms per connection; %s was not joined", s.g.cfg.MaxRooms, room)))
			continue
		}
		f := frame{Type: typeSubscribe, GuildID: room}
		if p, ok := req.resume[room]; ok {
			f.Since, f.Epoch, f.HasSince = p.Seq, p.Epoch, true
		}
		m, refusal := s.g.joinChecked(s, s.user, f)
		if refusal != nil {
			s.send(refusal)
			continue
		}
		s.mu.Lock()
		s.subs[room] = m
		s.mu.Unlock()
	}
}

// cleanup runs once the writer is done: it leaves every room and gives
// back the stream's slots.
func (s *sseConn) cleanup() {
	s.closeWith(closeNormal, closeAbnormalReason)
	<-s.subDone
	s.mu.Lock()
	if s.expiry != nil {
		s.expiry.Stop()
	}
	subs := s.subs
	s.subs = map[string]*member{}
	s.mu.Unlock()
	for _, m := range subs {
		s.g.leave(m)
	}
	s.g.mu.Lock()
	delete(s.g.streams, s)
	s.g.mu.Unlock()
	s.g.releaseUser(s.user)
	s.g.unadmit()
}

// streamsOf returns the SSE streams of user on this instance (all of them
// for "").
func (g *Gateway) streamsOf(user string) []*sseConn {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]*sseConn, 0, len(g.streams))
	for s := range g.streams {
		if user == "" || s.user == user {
			out = append(out, s)
		}
	}
	return out
}

var _ subscriber = (*sseConn)(nil)
