package dashboardapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// Server is the dashboard API component.
type Server struct {
	core   *core.Core
	cfg    *core.Config
	log    *slog.Logger
	conf   config
	secret []byte

	proxies  core.TrustedProxies
	limits   *rateLimits
	sessions *sessionStore
	login    *oauthLogin
	stats    *statsService

	mu      sync.Mutex
	srv     *http.Server
	ln      net.Listener
	handler http.Handler
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns the API of c. Nothing listens until Start.
func New(c *core.Core, opts ...Option) (*Server, error) {
	cfg := c.Config()
	conf := defaultConfig(cfg)
	for _, o := range opts {
		o(&conf)
	}
	proxies, err := core.ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	s := &Server{
		core:    c,
		cfg:     cfg,
		log:     c.Logger().With("component", "api"),
		conf:    conf,
		secret:  []byte(cfg.AuthSecret),
		proxies: proxies,
		limits:  newRateLimits(cfg.RateLimitPerMinute, conf.now),
	}
	if s.login, err = newOAuthLogin(s); err != nil {
		return nil, err
	}
	return s, nil
}

// Name implements core.Component.
func (s *Server) Name() string { return "api" }

// Start builds the routes of the running plugins and listens on
// BIND_HOST:HTTP_PORT. It runs after the plugins have started.
func (s *Server) Start(ctx context.Context) error {
	// Demo mode completes the Discord settings (the simulated Discord's
	// endpoints, its OAuth2 client and the demo admin) when the Discord
	// component starts, which is after New and before this Start.
	s.conf.fillFromConfig(s.cfg)
	var err error
	if s.login, err = newOAuthLogin(s); err != nil {
		return err
	}
	if s.sessions, err = newSessionStore(ctx, s.core.Store()); err != nil {
		return err
	}
	s.core.SetSessions(s.sessions)
	if s.stats, err = newStatsService(ctx, s); err != nil {
		return err
	}
	h, err := s.routes()
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(s.cfg.BindHost, strconv.Itoa(s.cfg.HTTPPort))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s (HTTP_PORT): %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.srv, s.ln, s.handler, s.cancel = srv, ln, h, cancel
	s.mu.Unlock()
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("HTTP server stopped", "err", err)
		}
	}()
	go func() {
		defer s.wg.Done()
		s.stats.run(runCtx)
	}()
	if s.demoEnabled() {
		s.log.Warn("DEMO MODE: one-click demo login enabled at POST /api/auth/demo-login", "user", s.conf.demoUser)
	}
	s.log.Info("dashboard API listening", "addr", ln.Addr().String())
	return nil
}

// Addr returns the listening address; empty before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Handler returns the whole HTTP handler; nil before Start.
func (s *Server) Handler() http.Handler {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handler
}

// Stop stops accepting, lets requests in flight finish within ctx, and
// stops the background work.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	srv, cancel := s.srv, s.cancel
	s.srv = nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	cancel()
	s.wg.Wait()
	s.login.close(ctx)
	if err != nil {
		return fmt.Errorf("shut down HTTP server: %w", err)
	}
	return nil
}

// dir returns the guild directory: the one given with WithDirectory, or
// the one the Discord component installed in the core when it started.
func (s *Server) dir() core.GuildDirectory {
	if s.conf.dir != nil {
		return s.conf.dir
	}
	if dc, ok := any(s.core).(interface{ Directory() core.GuildDirectory }); ok {
		return dc.Directory()
	}
	return nil
}

// latency returns the latency source: the one given with WithLatency, or
// the directory (the Discord component) when it reports one.
func (s *Server) latency() core.LatencyReporter {
	if s.conf.latency != nil {
		return s.conf.latency
	}
	l, _ := s.dir().(core.LatencyReporter)
	return l
}

var _ core.Component = (*Server)(nil)
