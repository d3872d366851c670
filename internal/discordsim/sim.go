package discordsim

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Config is the simulator's configuration; see the With options.
type Config struct {
	// Addr is the loopback address to listen on. Default 127.0.0.1:0.
	Addr string
	// Guilds is how many demo guilds exist. Default 2.
	Guilds int
	// Members is how many users are members of each guild. Default 36.
	Members int
	// Visitors is how many more users exist who are in no guild yet, so
	// that they can join. Default 12.
	Visitors int
	// HeartbeatInterval is sent in HELLO. Default 41.25 s, as Discord.
	HeartbeatInterval time.Duration
	// Latency delays each heartbeat ACK. Default 0.
	Latency time.Duration
	// ConsentUser is the user the OAuth2 authorize page consents as.
	// Default the demo admin (user 1).
	ConsentUser ID
	// ClientSecret is the OAuth2 client secret the token endpoint wants.
	// Default "sim-client-secret".
	ClientSecret string
	// Logger receives the simulator's logs. Default slog.Default().
	Logger *slog.Logger
	// MaxConcurrency is the session_start_limit.max_concurrency that
	// GET /gateway/bot reports. Default 1.
	MaxConcurrency int
}

// ConfigOpt changes a Config.
type ConfigOpt func(*Config)

func defaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:0",
		Guilds:            2,
		Members:           36,
		Visitors:          12,
		HeartbeatInterval: 41250 * time.Millisecond,
		ConsentUser:       UserID(1),
		ClientSecret:      "sim-client-secret",
		Logger:            slog.Default(),
		MaxConcurrency:    1,
	}
}

// WithAddr sets the listen address.
func WithAddr(addr string) ConfigOpt { return func(c *Config) { c.Addr = addr } }

// WithGuilds sets how many demo guilds exist.
func WithGuilds(n int) ConfigOpt { return func(c *Config) { c.Guilds = n } }

// WithMembers sets how many users each guild has.
func WithMembers(n int) ConfigOpt { return func(c *Config) { c.Members = n } }

// WithVisitors sets how many users exist outside every guild.
func WithVisitors(n int) ConfigOpt { return func(c *Config) { c.Visitors = n } }

// WithHeartbeatInterval sets the interval sent in HELLO.
func WithHeartbeatInterval(d time.Duration) ConfigOpt {
	return func(c *Config) { c.HeartbeatInterval = d }
}

// WithLatency sets the initial heartbeat ACK delay.
func WithLatency(d time.Duration) ConfigOpt { return func(c *Config) { c.Latency = d } }

// WithMaxConcurrency sets the max_concurrency GET /gateway/bot reports.
func WithMaxConcurrency(n int) ConfigOpt { return func(c *Config) { c.MaxConcurrency = n } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) ConfigOpt { return func(c *Config) { c.Logger = l } }

// Server is a running simulated Discord.
type Server struct {
	cfg     Config
	log     *slog.Logger
	ln      net.Listener
	http    *http.Server
	baseURL string
	token   string

	mu           sync.Mutex
	latency      time.Duration
	guilds       []*Guild
	users        map[ID]User
	dms          map[ID]*Channel // by recipient user id
	messages     map[ID][]*Message
	commands     map[string][]ApplicationCommand // "" is global, else guild id
	interactions map[string]*Interaction         // by token
	calls        []Call
	failures     []*failure
	delays       map[string]time.Duration // SlowRoute, by full route
	sessions     map[string]*session
	oauthCodes   map[string]ID
	oauthTokens  map[string]ID
	oauthRefresh map[string]ID
	nextID       int
	consent      ID
	deny         bool

	// more holds the state of DMs refused, threads, reactions and invites
	// (world_more.go).
	more worldMore
	// ix holds ephemeral messages and uploaded files (interaction_state.go).
	ix ixState

	// Gateway faults (gateway_faults.go).
	closeOnConnect  int // <0: off; 0: cut TCP; else a close code
	closeOnIdentify int
	noACKs          bool
	attempts        []*GatewayAttempt

	wg     sync.WaitGroup
	done   chan struct{}
	closed bool
}

// ErrClosed is returned by scenario calls after Close.
var ErrClosed = errors.New("discordsim: closed")

// New builds the world and starts listening. Close stops it.
func New(opts ...ConfigOpt) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Guilds < 1 || cfg.Members < 2 {
		return nil, fmt.Errorf("discordsim: want at least 1 guild and 2 members, got %d and %d", cfg.Guilds, cfg.Members)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("discordsim: listen on %s: %w", cfg.Addr, err)
	}
	s := &Server{
		cfg:          cfg,
		log:          cfg.Logger.With("component", "discordsim"),
		ln:           ln,
		baseURL:      "http://" + ln.Addr().String(),
		token:        BotToken(),
		latency:      cfg.Latency,
		users:        map[ID]User{ApplicationID: botUser()},
		dms:          map[ID]*Channel{},
		messages:     map[ID][]*Message{},
		commands:     map[string][]ApplicationCommand{},
		interactions: map[string]*Interaction{},
		sessions:     map[string]*session{},
		oauthCodes:   map[string]ID{},
		oauthTokens:  map[string]ID{},
		oauthRefresh: map[string]ID{},
		consent:      cfg.ConsentUser,
		done:         make(chan struct{}),

		closeOnConnect: -1,
	}
	for i := 1; i <= cfg.Guilds; i++ {
		s.guilds = append(s.guilds, buildGuild(i, cfg.Members))
	}
	for u := 1; u <= cfg.Members+cfg.Visitors; u++ {
		s.users[UserID(u)] = newUser(u)
	}
	s.http = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 5 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "err", err)
		}
	}()
	return s, nil
}

// BotToken is the simulator's bot token. Like a real one, its first part
// is the base64 application id, which disgo reads.
func BotToken() string {
	return base64.RawStdEncoding.EncodeToString([]byte(ApplicationID.String())) + ".U2ltdWxhdGVk.c2ltdWxhdGVkLWJvdC10b2tlbg"
}

// Token returns the bot token disgo must use.
func (s *Server) Token() string { return s.token }

// APIURL is the REST base for rest.WithURL ("http://host/api/v10").
func (s *Server) APIURL() string { return s.baseURL + "/api/v10" }

// GatewayURL is the gateway for gateway.WithURL.
func (s *Server) GatewayURL() string { return "ws://" + s.ln.Addr().String() + "/gateway" }

// ResumeGatewayURL is the resume_gateway_url READY hands out: the same
// gateway under another path, so that tests see where a client resumed.
func (s *Server) ResumeGatewayURL() string { return s.GatewayURL() + "-resume" }

// AuthorizeURL is the OAuth2 authorize page, Discord's
// https://discord.com/oauth2/authorize on the simulator.
func (s *Server) AuthorizeURL() string { return s.baseURL + "/oauth2/authorize" }

// ClientID is the OAuth2 client id (the application id).
func (s *Server) ClientID() ID { return ApplicationID }

// UserCount is how many users exist: members, then visitors.
func (s *Server) UserCount() int { return s.cfg.Members + s.cfg.Visitors }

// ClientSecret is the OAuth2 client secret the token endpoint accepts.
func (s *Server) ClientSecret() string { return s.cfg.ClientSecret }

// Close closes every gateway connection and the listener, and waits for
// the simulator's goroutines.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	for _, ss := range s.sessions {
		ss.dropLocked()
	}
	s.mu.Unlock()
	err := s.http.Shutdown(ctx)
	waited := make(chan struct{})
	go func() { s.wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-ctx.Done():
		return fmt.Errorf("discordsim: close: %w", ctx.Err())
	}
	if err != nil {
		return fmt.Errorf("discordsim: close: %w", err)
	}
	return nil
}

// newIDLocked returns a fresh id of a kind for objects made at run time.
// Run-time ids are deterministic too: they count up from the same start.
func (s *Server) newIDLocked(kind int) ID {
	s.nextID++
	return makeID(kind, 100_000+s.nextID)
}

func (s *Server) guildLocked(id ID) *Guild {
	for _, g := range s.guilds {
		if g.ID == id {
			return g
		}
	}
	return nil
}

// memberLocked finds a guild and one of its members, or says which is
// missing.
func (s *Server) memberLocked(guildID, userID ID) (*Guild, *Member, error) {
	g := s.guildLocked(guildID)
	if g == nil {
		return nil, nil, fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	m, ok := g.Members[userID]
	if !ok {
		return g, nil, fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, guildID)
	}
	return g, m, nil
}

func (s *Server) channelLocked(id ID) (*Guild, *Channel) {
	for _, g := range s.guilds {
		for _, c := range g.Channels {
			if c.ID == id {
				return g, c
			}
		}
		for _, c := range g.Threads {
			if c.ID == id {
				return g, c
			}
		}
	}
	for _, c := range s.dms {
		if c.ID == id {
			return nil, c
		}
	}
	return nil, nil
}

// Guilds returns the ids of the world's guilds in order.
func (s *Server) Guilds() []ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ID, len(s.guilds))
	for i, g := range s.guilds {
		out[i] = g.ID
	}
	return out
}

// Guild returns a copy of the guild's name, owner and channel list.
func (s *Server) Guild(id ID) (Guild, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(id)
	if g == nil {
		return Guild{}, false
	}
	cp := Guild{ID: g.ID, Name: g.Name, OwnerID: g.OwnerID, CreatedAt: g.CreatedAt}
	for _, c := range g.Channels {
		cc := *c
		cp.Channels = append(cp.Channels, &cc)
	}
	for _, r := range g.Roles {
		rr := *r
		cp.Roles = append(cp.Roles, &rr)
	}
	return cp, true
}
