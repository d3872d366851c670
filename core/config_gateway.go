package core

import (
	"fmt"
	"time"
)

// GatewayConfig holds the live-update gateway's limits; the defaults are
// the contract's.
type GatewayConfig struct {
	// MaxConnections is the most concurrent connections; past it upgrades
	// are refused with 503. Zero means 20000.
	MaxConnections int `yaml:"max_connections" env:"WS_MAX_CONNECTIONS"`
	// MaxConnectionsPerUser caps one user's connections. Zero means 20.
	MaxConnectionsPerUser int `yaml:"max_connections_per_user" env:"WS_MAX_CONNECTIONS_PER_USER"`
	// MaxPendingPerAddress caps the connections from one client address
	// (an IPv4 address or an IPv6 /64, behind TRUSTED_PROXIES) that have
	// not authenticated yet; past it upgrades are refused with 429. Zero
	// means 20.
	MaxPendingPerAddress int `yaml:"max_pending_per_address" env:"WS_MAX_PENDING_PER_ADDRESS"`
	// ConnectRatePerAddress is how many connections one client address
	// may open per minute (in a burst, then evenly); past it upgrades are
	// refused with 429 and Retry-After. Zero means 120.
	ConnectRatePerAddress int `yaml:"connect_rate_per_address" env:"WS_CONNECT_RATE_PER_ADDRESS"`
	// AuthRate is how many auth frames a connection may send per minute
	// (in a burst, then evenly); past it they are answered RATE_LIMITED,
	// and a client that keeps going is closed 4008. Zero means 6.
	AuthRate int `yaml:"auth_rate"`
	// CloseTimeout is how long a closing connection waits for the
	// client's close frame after sending its own before the socket is
	// closed. Zero means 2s.
	CloseTimeout time.Duration `yaml:"close_timeout"`
	// MaxRooms is how many rooms one connection may join. Zero means 10.
	MaxRooms int `yaml:"max_rooms"`
	// SubscribeRate is how many subscribe/unsubscribe frames a connection
	// may send per second. Zero means 5.
	SubscribeRate int `yaml:"subscribe_rate"`
	// AuthTimeout is how long a new connection has to send auth. Zero
	// means 10s.
	AuthTimeout time.Duration `yaml:"auth_timeout"`
	// IdleTimeout closes a connection that sent no frame for this long.
	// Zero means 60s.
	IdleTimeout time.Duration `yaml:"idle_timeout"`
	// HeartbeatInterval is announced in "connected" and paces protocol
	// pings. Zero means 25s.
	HeartbeatInterval time.Duration `yaml:"heartbeat_interval"`
	// WriteTimeout bounds every write. Zero means 10s.
	WriteTimeout time.Duration `yaml:"write_timeout"`
	// MaxFrameBytes is the largest client frame. Zero means 16384.
	MaxFrameBytes int `yaml:"max_frame_bytes"`
	// SendQueueBytes bounds a connection's queued output; past it the
	// client is closed 4009. Zero means 1 MiB.
	SendQueueBytes int `yaml:"send_queue_bytes"`
	// MaxBadFrames is how many malformed frames a connection may send
	// (each answered with BAD_REQUEST) before it is closed 1008. Zero
	// means 10.
	MaxBadFrames int `yaml:"max_bad_frames"`
}

func (g *GatewayConfig) applyDefaults() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&g.MaxConnections, 20000)
	def(&g.MaxConnectionsPerUser, 20)
	def(&g.MaxPendingPerAddress, 20)
	def(&g.ConnectRatePerAddress, 120)
	def(&g.AuthRate, 6)
	defd(&g.CloseTimeout, 2*time.Second)
	def(&g.MaxRooms, 10)
	def(&g.SubscribeRate, 5)
	def(&g.MaxFrameBytes, 16<<10)
	def(&g.SendQueueBytes, 1<<20)
	def(&g.MaxBadFrames, 10)
	defd(&g.AuthTimeout, 10*time.Second)
	defd(&g.IdleTimeout, 60*time.Second)
	defd(&g.HeartbeatInterval, 25*time.Second)
	defd(&g.WriteTimeout, 10*time.Second)
}

func (g *GatewayConfig) validate() []error {
	var errs []error
	positive := func(key string, v int) {
		if v < 1 {
			errs = append(errs, &ConfigError{Key: key, Problem: fmt.Sprintf("must be at least 1, got %d", v)})
		}
	}
	positive("WS_MAX_CONNECTIONS", g.MaxConnections)
	positive("WS_MAX_CONNECTIONS_PER_USER", g.MaxConnectionsPerUser)
	positive("WS_MAX_PENDING_PER_ADDRESS", g.MaxPendingPerAddress)
	positive("WS_CONNECT_RATE_PER_ADDRESS", g.ConnectRatePerAddress)
	positive("gateway.auth_rate", g.AuthRate)
	positive("gateway.max_rooms", g.MaxRooms)
	positive("gateway.subscribe_rate", g.SubscribeRate)
	positive("gateway.max_frame_bytes", g.MaxFrameBytes)
	positive("gateway.send_queue_bytes", g.SendQueueBytes)
	positive("gateway.max_bad_frames", g.MaxBadFrames)
	for key, d := range map[string]time.Duration{
		"gateway.auth_timeout": g.AuthTimeout, "gateway.idle_timeout": g.IdleTimeout,
		"gateway.heartbeat_interval": g.HeartbeatInterval, "gateway.write_timeout": g.WriteTimeout,
		"gateway.close_timeout": g.CloseTimeout,
	} {
		if d <= 0 {
			errs = append(errs, &ConfigError{Key: key, Problem: "must be a positive duration"})
		}
	}
	return errs
}
