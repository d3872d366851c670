package discordbot

import (
	"context"
	"sync"

	"github.com/disgoorg/disgo/rest"
)

// bucketGates close a data race in disgo v0.18's REST rate limiter:
// WaitBucket reads a bucket's fields (to log them) before taking the
// bucket's lock, while UnlockBucket of the request holding the bucket
// writes them. Two requests of one bucket at once (two posts in one
// channel, say) race. A gate per bucket, keyed as disgo keys its buckets
// (method, route, major parameters), is taken before disgo's WaitBucket
// and given back after its UnlockBucket. disgo already holds the bucket's
// lock over that span, so the gate serialises nothing that was not
// serialised; it only orders the unlocked reads after the writes.
type bucketGates struct {
	mu    sync.Mutex
	gates map[string]chan struct{}
}

func gateKey(ep *rest.CompiledEndpoint) string {
	k := ep.Endpoint.Method + "+" + ep.Endpoint.Route
	if ep.MajorParams != "" {
		k += "+" + ep.MajorParams
	}
	return k
}

func (g *bucketGates) gate(ep *rest.CompiledEndpoint) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gates == nil {
		g.gates = map[string]chan struct{}{}
	}
	k := gateKey(ep)
	c, ok := g.gates[k]
	if !ok {
		c = make(chan struct{}, 1)
		g.gates[k] = c
	}
	return c
}

// enter takes the bucket's gate, or gives up with ctx.
func (g *bucketGates) enter(ctx context.Context, ep *rest.CompiledEndpoint) error {
	select {
	case g.gate(ep) <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leave gives the bucket's gate back.
func (g *bucketGates) leave(ep *rest.CompiledEndpoint) {
	select {
	case <-g.gate(ep):
	default:
	}
}
