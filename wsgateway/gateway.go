package wsgateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/warden-bot/warden/core"
)

// Gateway is the live-update gateway: a core.Component that listens on
// BindHost:WSPort (paths "/" and "/ws"; "/sse" for SSE) and an http.Handler.
type Gateway struct {
	cfg         core.GatewayConfig
	secret      []byte
	origins     originPolicy
	isSuperuser func(string) bool
	access      func() core.AccessChecker
	sessions    func() core.SessionChecker
	directory   func() core.GuildDirectory
	brokerOf    func() core.Broker
	broker      core.Broker
	log         *slog.Logger
	m           *metrics
	addr        string
	upgrader    websocket.Upgrader
	proxies     core.TrustedProxies
	addrs       *addrLimits
	now         func() time.Time

	mu      sync.Mutex
	conns   map[*conn]struct{}
	streams map[*sseConn]struct{} // SSE streams (sse.go)
	perUser map[string]int
	closing bool
	nconns  int

	roomsMu sync.RWMutex
	rooms   map[string]*room

	recheckMu   sync.Mutex
	recheckSet  map[string]struct{}
	recheckWake chan struct{}

	revokedMu sync.Mutex
	revoked   map[string]revokedNote // by user, from the control room

	flushq    chan *conn
	flushStop chan struct{}
	flushWG   sync.WaitGroup

	srv    *http.Server
	ln     net.Listener
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Option changes a Gateway's defaults.
type Option func(*Gateway)

// WithLogger sets the logger. The default is the core's, with
// component=gateway.
func WithLogger(l *slog.Logger) Option { return func(g *Gateway) { g.log = l } }

// WithAddr sets the listen address. The default is BindHost:WSPort.
func WithAddr(addr string) Option { return func(g *Gateway) { g.addr = addr } }

// WithClock sets the clock of the gateway's rate limiters (per-address
// connections, auth and subscribe frames). The default is time.Now.
func WithClock(now func() time.Time) Option { return func(g *Gateway) { g.now = now } }

// WithRegisterer sets where metrics go. The default is the core's registry.
func WithRegisterer(r prometheus.Registerer) Option {
	return func(g *Gateway) { g.m = newMetrics(r) }
}

// New returns a gateway for a core; it takes its limits from
// c.Config().Gateway, its key from AUTH_SECRET and its origins from
// ALLOWED_ORIGINS. The broker is taken from the core at Start.
func New(c *core.Core, opts ...Option) *Gateway {
	cfg := c.Config()
	g := &Gateway{
		cfg:         cfg.Gateway,
		secret:      []byte(cfg.AuthSecret),
		origins:     newOriginPolicy(cfg.AllowedOrigins),
		isSuperuser: cfg.IsSuperuser,
		access:      c.Access,
		sessions:    c.Sessions,
		directory:   c.Directory,
		brokerOf:    c.Broker,
		log:         c.Logger().With("component", "gateway"),
		addr:        net.JoinHostPort(cfg.BindHost, strconv.Itoa(cfg.WSPort)),
		conns:       map[*conn]struct{}{},
		streams:     map[*sseConn]struct{}{},
		flushq:      make(chan *conn, flushBacklog),
		perUser:     map[string]int{},
		rooms:       map[string]*room{},
		recheckSet:  map[string]struct{}{},
		recheckWake: make(chan struct{}, 1),
		revoked:     map[string]revokedNote{},
		now:         time.Now,
	}
	// TRUSTED_PROXIES was checked by Config.Validate.
	g.proxies, _ = core.ParseTrustedProxies(cfg.TrustedProxies)
	for _, o := range opts {
		o(g)
	}
	g.addrs = newAddrLimits(g.cfg.MaxPendingPerAddress, g.cfg.ConnectRatePerAddress, g.now)
	if g.m == nil {
		g.m = newMetrics(c.Metrics().Registry)
	}
	g.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		ReadBufferSize:   1024,
		WriteBufferPool:  &sync.Pool{},
		CheckOrigin:      func(*http.Request) bool { return true }, // checked in ServeHTTP, before the upgrade
	}
	g.ctx, g.cancel = context.WithCancel(context.Background())
	return g
}

// Name implements core.Component.
func (g *Gateway) Name() string { return "gateway" }

// Addr returns the address the gateway listens on once started.
func (g *Gateway) Addr() string {
	if g.ln != nil {
		return g.ln.Addr().String()
	}
	return g.addr
}

// Start installs the broker handler and starts listening.
func (g *Gateway) Start(ctx context.Context) error {
	if err := g.Attach(); err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", g.addr)
	if err != nil {
		return fmt.Errorf("gateway listen on %s: %w", g.addr, err)
	}
	g.ln = ln
	g.srv = &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := g.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			g.log.Error("gateway listener failed", "err", err)
		}
	}()
	g.log.Info("gateway listening", "addr", ln.Addr().String())
	return nil
}

// Attach installs the broker handler without listening, for use as an
// http.Handler mounted elsewhere. Start calls it.
func (g *Gateway) Attach() error {
	if g.broker != nil {
		return nil
	}
	if g.broker = g.brokerOf(); g.broker == nil {
		return errors.New("gateway: the core has no broker; start the core first")
	}
	if g.ctx.Err() != nil { // started again after Stop
		g.ctx, g.cancel = context.WithCancel(context.Background())
	}
	g.mu.Lock()
	g.closing = false
	g.mu.Unlock()
	g.startFlushers()
	g.broker.SetHandler(g.onEvent)
	// Session revocations reach every instance through the control room,
	// whatever rooms its clients are in.
	ctx, cancel := context.WithTimeout(g.ctx, 5*time.Second)
	defer cancel()
	if err := g.broker.Subscribe(ctx, core.ControlRoom); err != nil {
		// Auth frames still consult the session store; only live
		// connections of a revoked session stay open.
		g.log.Error("subscribe to the control room; revoked sessions will not close live connections", "err", err)
	}
	g.wg.Add(2)
	go g.recheckLoop()
	go g.heartbeatLoop()
	return nil
}

// Stop stops accepting, closes every connection with 1001 so clients
// reconnect with jitter, and waits for them within ctx. A stopped gateway
// may be started again.
func (g *Gateway) Stop(ctx context.Context) error {
	g.mu.Lock()
	g.closing = true
	conns := make([]*conn, 0, len(g.conns))
	for c := range g.conns {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	g.endStreams() // before the HTTP server, which would wait for them
	var errs []error
	if g.srv != nil {
		if err := g.srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("gateway listener: %w", err))
		}
	}
	for _, c := range conns {
		c.closeWith(CloseGoingAway, "server shutting down")
	}
	g.cancel()
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		for _, c := range conns {
			_ = c.ws.Close()
		}
		<-done
		errs = append(errs, fmt.Errorf("gateway drain: %w", ctx.Err()))
	}
	g.stopFlushers()
	if g.broker != nil {
		uctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = g.broker.Unsubscribe(uctx, core.ControlRoom)
		cancel()
		g.broker.SetHandler(func(*core.Event) {})
		g.broker = nil // Start attaches again
	}
	return errors.Join(errs...)
}

// ServeHTTP upgrades a request to a gateway connection, or opens an SSE
// stream at /sse (sse.go). Everything that can be refused is refused before
// the upgrade: wrong path, not a WebSocket request, a foreign Origin (403),
// and no capacity left (503).
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == ssePath {
		g.serveSSE(w, r)
		return
	}
	if r.URL.Path != "/" && r.URL.Path != "/ws" {
		http.NotFound(w, r)
		return
	}
	if !websocket.IsWebSocketUpgrade(r) {
		http.Error(w, "this is Warden's WebSocket gateway; connect with a WebSocket client", http.StatusUpgradeRequired)
		return
	}
	if !g.origins.allows(r.Header.Get("Origin")) {
		g.m.refused.WithLabelValues("origin").Inc()
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	key := g.proxies.ClientKey(r)
	if ok, why, retry := g.addrs.admit(key); !ok {
		g.m.refused.WithLabelValues(why).Inc()
		if retry > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
		}
		http.Error(w, "too many connections from your address; retry later", http.StatusTooManyRequests)
		return
	}
	if !g.admit() {
		g.addrs.release(key)
		g.m.refused.WithLabelValues("capacity").Inc()
		http.Error(w, "gateway at capacity; retry later", http.StatusServiceUnavailable)
		return
	}
	sw := &sealingWriter{ResponseWriter: w}
	ws, err := g.upgrader.Upgrade(sw, r, nil)
	if err != nil {
		g.unadmit()
		g.addrs.release(key)
		return // the upgrader has answered the request
	}
	sw.conn.sealed.Store(true)
	c := newConn(g, ws, sw.conn.Conn)
	c.addrKey, c.pending = key, true
	// Registering and counting the reader happen under mu, so a Stop that
	// began meanwhile (the upgrade takes the connection out of the HTTP
	// server's shutdown) either sees this connection or is seen here.
	g.mu.Lock()
	if g.closing {
		g.mu.Unlock()
		g.unadmit()
		c.endPending()
		_ = c.nc.SetWriteDeadline(time.Now().Add(g.cfg.WriteTimeout))
		_, _ = c.nc.Write(closeFrame(CloseGoingAway, "server shutting down"))
		_ = ws.Close()
		return
	}
	g.conns[c] = struct{}{}
	g.wg.Add(1)
	g.mu.Unlock()
	c.send(reply("connected", "", map[string]any{
		"message":           "Warden gateway v1: send auth within " + g.cfg.AuthTimeout.String(),
		"heartbeatInterval": g.cfg.HeartbeatInterval.Milliseconds(),
	}))
	go c.readLoop()
}
