package wsgateway

import (
	"net/url"
	"strings"
)

// admit reserves a connection slot; false when the gateway is at
// WS_MAX_CONNECTIONS or shutting down.
func (g *Gateway) admit() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closing || g.nconns >= g.cfg.MaxConnections {
		return false
	}
	g.nconns++
	g.m.connections.Inc()
	return true
}

// connections returns how many connections hold a slot.
func (g *Gateway) connections() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.nconns
}

func (g *Gateway) unadmit() {
	g.mu.Lock()
	g.nconns--
	g.mu.Unlock()
	g.m.connections.Dec()
}

// admitUser counts an authenticated connection for a user; false past the
// per-user cap.
func (g *Gateway) admitUser(user string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.perUser[user] >= g.cfg.MaxConnectionsPerUser {
		return false
	}
	if g.perUser[user] == 0 {
		g.m.users.Inc()
	}
	g.perUser[user]++
	return true
}

// unregister gives back a closed connection's slots.
func (g *Gateway) unregister(c *conn, user string) {
	g.mu.Lock()
	delete(g.conns, c)
	g.mu.Unlock()
	g.releaseUser(user)
	g.unadmit()
}

// releaseUser gives back a connection's place in its user's count.
func (g *Gateway) releaseUser(user string) {
	if user == "" {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.perUser[user]--; g.perUser[user] <= 0 {
		delete(g.perUser, user)
		g.m.users.Dec()
	}
}

// originPolicy checks the Origin header against ALLOWED_ORIGINS. A request
// without Origin is not from a browser (browsers always send it on
// WebSocket upgrades), so cross-site hijacking cannot happen through it; it
// still has to authenticate with a token.
type originPolicy struct {
	any     bool
	allowed map[string]bool
}

func newOriginPolicy(origins []string) originPolicy {
	p := originPolicy{allowed: map[string]bool{}}
	for _, o := range origins {
		o = strings.TrimRight(strings.ToLower(strings.TrimSpace(o)), "/")
		if o == "*" {
			p.any = true
		}
		p.allowed[o] = true
	}
	return p
}

func (p originPolicy) allows(origin string) bool {
	if origin == "" || p.any {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return p.allowed[strings.ToLower(u.Scheme+"://"+u.Host)]
}
