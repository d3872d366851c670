package discordbot

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/disgoorg/disgo/rest"
)

// restLimiter is disgo's REST rate limiter with a race-free Close. disgo's
// own Close walks its bucket map without the map's lock; this one leaves
// the limiting to disgo and on Close only waits for in-flight requests,
// which is all that Close is for.
type restLimiter struct {
	rest.RateLimiter

	mu       sync.Mutex
	inFlight int
	idle     *sync.Cond
	// gates serialise requests of one bucket (see bucketGate).
	gates bucketGates
}

// NewRESTRateLimiter returns disgo's REST rate limiter with a race-free
// Close. Every disgo rest client Warden creates (the bot's, the OAuth2
// login's) uses one.
func NewRESTRateLimiter(log *slog.Logger) rest.RateLimiter {
	return newRESTLimiter(rest.NewRateLimiter(rest.WithRateLimiterLogger(log)))
}

func newRESTLimiter(inner rest.RateLimiter) *restLimiter {
	l := &restLimiter{RateLimiter: inner}
	l.idle = sync.NewCond(&l.mu)
	return l
}

func (l *restLimiter) WaitBucket(ctx context.Context, ep *rest.CompiledEndpoint) error {
	if err := l.gates.enter(ctx, ep); err != nil {
		return err
	}
	if err := l.RateLimiter.WaitBucket(ctx, ep); err != nil {
		l.gates.leave(ep)
		return err
	}
	l.mu.Lock()
	l.inFlight++
	l.mu.Unlock()
	return nil
}

func (l *restLimiter) UnlockBucket(ep *rest.CompiledEndpoint, rs *http.Response) error {
	defer func() {
		l.gates.leave(ep)
		l.mu.Lock()
		l.inFlight--
		if l.inFlight == 0 {
			l.idle.Broadcast()
		}
		l.mu.Unlock()
	}()
	return l.RateLimiter.UnlockBucket(ep, rs)
}

// Close waits for in-flight requests to finish, up to ctx.
func (l *restLimiter) Close(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		l.mu.Lock()
		for l.inFlight > 0 {
			l.idle.Wait()
		}
		l.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

var _ rest.RateLimiter = (*restLimiter)(nil)
