package tickets

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// Service is the tickets plugin's domain logic. It is the only code that
// writes the plugin's documents, and it broadcasts each event after its
// write has committed, whether the call came from the dashboard, a slash
// command, a button or the scheduler.
type Service struct {
	pc     *core.Context
	log    *slog.Logger
	st     *collections
	config *core.GuildConfig[Config, *Config]
	panels *core.Versioned[Panel, *Panel]
	stats  *core.StatsLoop

	mu  sync.RWMutex
	now func() time.Time
	// channels caches which channel is which ticket's ("" for none), so
	// that a message in an ordinary channel costs no query after the first.
	channels map[string]string
}

// maxCachedChannels bounds the channel cache; past it the cache starts
// over.
const maxCachedChannels = 10000

// NewService returns the service of a plugin context, declaring the
// plugin's collections.
func NewService(pc *core.Context) (*Service, error) {
	st, err := declareCollections(pc)
	if err != nil {
		return nil, err
	}
	s := &Service{
		pc:       pc,
		log:      pc.Logger,
		st:       st,
		now:      func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
		channels: map[string]string{},
	}
	s.stats = pc.StatsLoop(func(ctx context.Context, guildID string) (any, error) { return s.Stats(ctx, guildID) })
	s.config = core.NewGuildConfig[Config](pc, defaultConfig).
		Check(func(_ context.Context, guildID string, c *Config) error { return s.checkConfigRefs(guildID, c) })
	s.panels = core.NewVersioned[Panel](pc, st.panels, core.VersionedOptions[Panel]{
		Kind: "panel", PerGuild: maxPanelsPerGuild, Duplicate: "a panel with that name already exists",
		Check:   func(_ context.Context, guildID string, p *Panel) error { return s.checkPanel(guildID, &p.PanelInput) },
		Created: EventPanelCreated, Updated: EventPanelUpdated, Deleted: EventPanelDeleted,
		DeletedPayload: func(p *Panel, by string) any { return Deleted{ID: p.ID, Name: p.Name, UpdatedBy: by} },
	})
	return s, nil
}

// SetClock replaces the service's clock; tests use it to make tickets
// inactive without waiting.
func (s *Service) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = func() time.Time { return now().UTC().Truncate(time.Millisecond) }
	s.mu.Unlock()
}

func (s *Service) clock() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.now()
}

// Config returns the guild's tickets config.
func (s *Service) Config(ctx context.Context, guildID string) (*Config, error) {
	return s.config.Get(ctx, guildID)
}

// SaveConfig saves the guild's config at its version (the dashboard's PUT
// config takes the same path) and broadcasts tickets:config_updated.
func (s *Service) SaveConfig(ctx context.Context, guildID string, cfg *Config, by string) (*Config, error) {
	saved, _, err := s.config.Put(ctx, guildID, cfg, by)
	return saved, err
}

// dc is the plugin's Discord handle, asked for at each use so that it
// follows the Discord component starting and stopping.
func (s *Service) dc() core.DiscordActions { return s.pc.Discord() }

// broadcast sends an event after its write committed. A failure to
// broadcast never undoes the write; the bus logs it.
func (s *Service) broadcast(guildID, event string, data any) {
	_ = s.pc.Broadcast(guildID, event, data)
}

// checkConfigRefs checks the config's ids against the guild (when
// Discord's cache knows the guild).
func (s *Service) checkConfigRefs(guildID string, c *Config) error {
	dc := s.dc()
	if !dc.Connected() {
		return nil
	}
	for i, r := range c.StaffRoles {
		if !dc.HasRole(guildID, r) {
			return core.BadRequest("staffRoles[%d]: the server has no role %s", i, r)
		}
	}
	if c.TranscriptChannelID != "" && !dc.HasChannel(guildID, c.TranscriptChannelID) {
		return core.BadRequest("transcriptChannelId: the server has no channel %s", c.TranscriptChannelID)
	}
	return nil
}

// isStaff reports whether a member handles the category's tickets: they
// can manage the server or channels, or hold a staff role.
func (s *Service) isStaff(ctx context.Context, guildID, userID string, perms uint64, cat *Category) bool {
	const manage = 1<<3 | 1<<5 | core.PermManageChannels // Administrator, Manage Server, Manage Channels
	if perms&manage != 0 || s.pc.Config().IsSuperuser(userID) {
		return true
	}
	cfg, err := s.Config(ctx, guildID)
	if err != nil {
		return false
	}
	m, err := s.dc().Member(ctx, guildID, userID)
	if err != nil {
		return false
	}
	if m.Permissions&manage != 0 {
		return true
	}
	roles := slices.Clone(cfg.StaffRoles)
	if cat != nil {
		roles = append(roles, cat.StaffRoles...)
	}
	for _, r := range m.Roles {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// cacheChannel remembers a channel's ticket id ("" for none).
func (s *Service) cacheChannel(channelID, ticketID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.channels) >= maxCachedChannels {
		s.channels = map[string]string{}
	}
	s.channels[channelID] = ticketID
}

func (s *Service) cachedChannel(channelID string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.channels[channelID]
	return id, ok
}
