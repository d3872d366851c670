package discordbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/json"
	"github.com/gorilla/websocket"
)

// wsGateway is Warden's gateway.Gateway: one shard's connection, plugged
// into disgo's shard manager (sharding.WithGatewayCreateFunc) and speaking
// through disgo's own message types and event handler. It exists because
// disgo v0.18's gateway shares its connection state between goroutines
// without a lock; here one mutex guards it all, every goroutine is owned
// (Close waits for them), and latency is measured heartbeat to ACK.
type wsGateway struct {
	cfg     gateway.Config
	token   string
	handler gateway.EventHandlerFunc
	onClose gateway.CloseHandlerFunc
	hooks   gatewayHooks
	log     *slog.Logger

	life   context.Context // canceled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	writeMu sync.Mutex // one writer at a time on conn

	mu        sync.Mutex
	conn      *websocket.Conn
	connStop  context.CancelFunc // stops the connection's heartbeat
	status    gateway.Status
	sessionID *string
	resumeURL *string
	seq       *int
	sentAt    time.Time
	acked     bool
	latency   time.Duration
	closed    bool
	attempts  int       // reconnects in a row without a stable READY
	readyAt   time.Time // when the current connection became READY
}

// gatewayHooks are what a shard's connection reports to, and the timing
// it keeps; the Discord component supplies them.
type gatewayHooks struct {
	// onAck receives each heartbeat's latency.
	onAck func(shard int, latency time.Duration)
	// onFatal is told when Discord closes with a code that forbids
	// reconnecting (4004, 4010–4014); the shard has stopped for good.
	onFatal func(shard, code int, reason string)
	clock   gatewayClock
	limiter *identifyLimiter
}

func newWSGateway(token string, h gateway.EventHandlerFunc, ch gateway.CloseHandlerFunc, hooks gatewayHooks, opts ...gateway.ConfigOpt) *wsGateway {
	cfg := gateway.DefaultConfig()
	cfg.Apply(opts)
	if hooks.clock.now == nil {
		hooks.clock = realClock()
	}
	if hooks.limiter == nil {
		hooks.limiter = newIdentifyLimiter(hooks.clock, 1)
	}
	life, cancel := context.WithCancel(context.Background())
	return &wsGateway{
		cfg: *cfg, token: token, handler: h, onClose: ch, hooks: hooks,
		log:  cfg.Logger.With("shard", cfg.ShardID),
		life: life, cancel: cancel, status: gateway.StatusUnconnected, acked: true,
	}
}

func (g *wsGateway) ShardID() int                                 { return g.cfg.ShardID }
func (g *wsGateway) ShardCount() int                              { return g.cfg.ShardCount }
func (g *wsGateway) Intents() gateway.Intents                     { return g.cfg.Intents }
func (g *wsGateway) Presence() *gateway.MessageDataPresenceUpdate { return g.cfg.Presence }

func (g *wsGateway) SessionID() *string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.sessionID
}

func (g *wsGateway) LastSequenceReceived() *int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.seq
}

func (g *wsGateway) Status() gateway.Status {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.status
}

func (g *wsGateway) Latency() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.latency
}

func (g *wsGateway) setStatus(s gateway.Status) {
	g.mu.Lock()
	g.status = s
	g.mu.Unlock()
}

// Open dials the gateway; HELLO, IDENTIFY or RESUME follow on the reader.
func (g *wsGateway) Open(ctx context.Context) error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return discord.ErrShardNotConnected
	}
	if g.conn != nil {
		g.mu.Unlock()
		return discord.ErrGatewayAlreadyConnected
	}
	url := g.cfg.URL
	if g.resumeURL != nil && g.cfg.EnableResumeURL && g.sessionID != nil {
		url = *g.resumeURL
	}
	g.status = gateway.StatusConnecting
	g.mu.Unlock()

	conn, rs, err := g.cfg.Dialer.DialContext(ctx, fmt.Sprintf("%s?v=%d&encoding=json", url, gateway.Version), nil)
	if rs != nil && rs.Body != nil {
		_ = rs.Body.Close()
	}
	if err != nil {
		g.setStatus(gateway.StatusDisconnected)
		return fmt.Errorf("dial gateway: %w", err)
	}
	conn.SetReadLimit(64 << 20)
	connCtx, stop := context.WithCancel(g.life)
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		stop()
		_ = conn.Close()
		return discord.ErrShardNotConnected
	}
	g.conn, g.connStop, g.status, g.acked = conn, stop, gateway.StatusWaitingForHello, true
	g.wg.Add(1) // under mu, so that Close never waits on a zero count that Open then raises
	g.mu.Unlock()
	g.cfg.RateLimiter.Reset()
	go func() {
		defer g.wg.Done()
		g.listen(connCtx, conn)
	}()
	return nil
}

// Close closes the connection with 1000, which ends the session, and waits
// for the gateway's goroutines up to ctx.
func (g *wsGateway) Close(ctx context.Context) {
	g.CloseWithCode(ctx, websocket.CloseNormalClosure, "Shutting down")
}

// CloseWithCode closes for good: a code other than 1000/1001 keeps the
// session so that another gateway could resume it.
func (g *wsGateway) CloseWithCode(ctx context.Context, code int, message string) {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.cancel()
	g.dropConn(code, message)
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		g.log.Warn("gateway goroutines still running at close deadline")
	}
	g.cfg.RateLimiter.Close(ctx)
}

// dropConn writes a close frame and closes the current connection.
func (g *wsGateway) dropConn(code int, message string) {
	g.mu.Lock()
	conn, stop := g.conn, g.connStop
	g.conn, g.connStop, g.status = nil, nil, gateway.StatusDisconnected
	if code == websocket.CloseNormalClosure || code == websocket.CloseGoingAway {
		g.sessionID, g.resumeURL, g.seq = nil, nil, nil
	}
	g.mu.Unlock()
	if stop != nil {
		stop()
	}
	if conn == nil {
		return
	}
	g.writeMu.Lock()
	_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, message), time.Now().Add(time.Second))
	g.writeMu.Unlock()
	_ = conn.Close()
}

// Send sends a gateway command through the command rate limiter.
func (g *wsGateway) Send(ctx context.Context, op gateway.Opcode, d gateway.MessageData) error {
	data, err := json.Marshal(gateway.Message{Op: op, D: d})
	if err != nil {
		return fmt.Errorf("encode gateway command: %w", err)
	}
	return g.send(ctx, data)
}

func (g *wsGateway) send(ctx context.Context, data []byte) error {
	g.mu.Lock()
	conn := g.conn
	g.mu.Unlock()
	if conn == nil {
		return discord.ErrShardNotConnected
	}
	if err := g.cfg.RateLimiter.Wait(ctx); err != nil {
		return err
	}
	defer g.cfg.RateLimiter.Unlock()
	g.writeMu.Lock()
	defer g.writeMu.Unlock()
	_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return conn.WriteMessage(websocket.TextMessage, data)
}

// reconnect opens a new connection after the backoff: attempts in a row
// wait longer and longer (with jitter), and only a connection that stayed
// READY for reconnectStable starts the count again. It runs on its own
// owned goroutine.
func (g *wsGateway) reconnect(why string) { g.reconnectAfter(why, 0) }

// reconnectAfter is reconnect with a first wait of at least minWait (the
// 1–5 s Discord asks for after an invalid session).
func (g *wsGateway) reconnectAfter(why string, minWait time.Duration) {
	clock := g.hooks.clock
	g.mu.Lock()
	if !g.readyAt.IsZero() && clock.now().Sub(g.readyAt) >= reconnectStable {
		g.attempts = 0
	}
	g.readyAt = time.Time{}
	g.mu.Unlock()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		for {
			g.mu.Lock()
			attempt := g.attempts
			g.attempts++
			g.mu.Unlock()
			delay := max(clock.reconnectDelay(attempt), minWait)
			minWait = 0
			g.log.Info("gateway reconnecting", "why", why, "attempt", attempt+1, "in", delay.Round(time.Millisecond))
			if clock.sleep(g.life, delay) != nil {
				return
			}
			err := g.Open(g.life)
			if err == nil || errors.Is(err, discord.ErrGatewayAlreadyConnected) || errors.Is(err, discord.ErrShardNotConnected) {
				return
			}
			why = "dial failed"
			g.log.Warn("gateway reconnect failed", "attempt", attempt+1, "err", err)
		}
	}()
}

var _ gateway.Gateway = (*wsGateway)(nil)
