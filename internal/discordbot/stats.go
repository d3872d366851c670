package discordbot

import (
	"github.com/warden-bot/warden/core"

	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Stats figures: latency is averaged over latencyWindow; figures read from
// the store are cached for statsCacheTTL (the contract's 30 s).
const (
	latencyWindow = time.Minute
	statsCacheTTL = 30 * time.Second
)

// DiscordStats are the bot-wide Discord figures of DashboardStats.
type DiscordStats struct {
	// Guilds is how many guilds the bot is in.
	Guilds int `json:"guilds"`
	// RegisteredUsers is how many distinct users have recorded activity.
	RegisteredUsers int `json:"registeredUsers"`
	// LatencyMs is the gateway heartbeat latency averaged over the last
	// minute and over shards; -1 before the first heartbeat.
	LatencyMs int64 `json:"latencyMs"`
	// Shards holds each shard's average latency.
	Shards []ShardLatency `json:"shards"`
	// CommandsRegistered is how many slash commands are registered.
	CommandsRegistered int `json:"commandsRegistered"`
	// LastCommandAt is when a command last ran in this process.
	LastCommandAt *time.Time `json:"lastCommandAt,omitempty"`
	// At is when the figures were taken.
	At time.Time `json:"at"`
}

// ShardLatency is one shard's average heartbeat latency.
type ShardLatency struct {
	Shard     int   `json:"shard"`
	LatencyMs int64 `json:"latencyMs"`
}

type latencySample struct {
	at  time.Time
	lat time.Duration
}

type discordStats struct {
	d *Discord

	mu          sync.Mutex
	samples     map[int][]latencySample
	commands    int
	lastCommand time.Time
	users       int
	usersAt     time.Time
}

func newDiscordStats(d *Discord) *discordStats {
	return &discordStats{d: d, samples: map[int][]latencySample{}}
}

// ack records a heartbeat ACK. The bot-wide figures, latency and guild
// count included, reach room global from one sender only: the dashboard
// API's stats loop, which pushes the whole DashboardStats document.
func (s *discordStats) ack(shard int, latency time.Duration) {
	at := time.Now()
	s.mu.Lock()
	s.samples[shard] = append(s.samples[shard], latencySample{at: at, lat: latency})
	s.mu.Unlock()
}

// latencyLocked drops samples older than the window and averages the rest.
func (s *discordStats) latencyLocked(now time.Time) (int64, []ShardLatency) {
	var total time.Duration
	var n int
	shards := make([]ShardLatency, 0, len(s.samples))
	for shard, list := range s.samples {
		i := 0
		for i < len(list) && now.Sub(list[i].at) > latencyWindow {
			i++
		}
		list = list[i:]
		s.samples[shard] = list
		if len(list) == 0 {
			continue
		}
		var sum time.Duration
		for _, x := range list {
			sum += x.lat
		}
		shards = append(shards, ShardLatency{Shard: shard, LatencyMs: (sum / time.Duration(len(list))).Milliseconds()})
		total += sum
		n += len(list)
	}
	sort.Slice(shards, func(i, j int) bool { return shards[i].Shard < shards[j].Shard })
	if n == 0 {
		return -1, shards
	}
	return (total / time.Duration(n)).Milliseconds(), shards
}

func (s *discordStats) setCommands(n int) {
	s.mu.Lock()
	s.commands = n
	s.mu.Unlock()
}

func (s *discordStats) commandRan() {
	s.mu.Lock()
	s.lastCommand = time.Now().UTC()
	s.mu.Unlock()
}

// Stats returns the bot-wide Discord figures. Registered users come from
// the store and are cached for 30 s; the rest are live.
func (d *Discord) Stats(ctx context.Context) (DiscordStats, error) {
	s := d.stats
	now := time.Now()
	s.mu.Lock()
	avg, shards := s.latencyLocked(now)
	out := DiscordStats{LatencyMs: avg, Shards: shards, CommandsRegistered: s.commands, At: now.UTC()}
	if !s.lastCommand.IsZero() {
		t := s.lastCommand
		out.LastCommandAt = &t
	}
	users, fresh := s.users, now.Sub(s.usersAt) < statsCacheTTL
	s.mu.Unlock()
	if d.client != nil {
		out.Guilds = d.client.Caches().GuildsLen()
	}
	if !fresh {
		n, err := d.countUsers(ctx)
		if err != nil {
			return out, err
		}
		users = n
		s.mu.Lock()
		s.users, s.usersAt = users, now
		s.mu.Unlock()
	}
	out.RegisteredUsers = users
	return out, nil
}

// countUsers counts distinct users with recorded activity, from the
// all-time rollup (no scan of the activity records).
func (d *Discord) countUsers(ctx context.Context) (int, error) {
	n, err := d.core.RegisteredUsers(ctx)
	if err != nil {
		return 0, fmt.Errorf("discord stats: %w", err)
	}
	return int(n), nil
}

// Latency returns the gateway heartbeat latency averaged over the last
// minute across shards, or 0 before the first heartbeat is acknowledged. It
// makes the Discord component the API's LatencyReporter.
func (d *Discord) Latency() time.Duration {
	s := d.stats
	s.mu.Lock()
	avg, _ := s.latencyLocked(time.Now())
	s.mu.Unlock()
	if avg < 0 {
		return 0
	}
	return time.Duration(avg) * time.Millisecond
}

var _ core.LatencyReporter = (*Discord)(nil)
