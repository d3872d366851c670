package moderation

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// Service is moderation's domain logic. It is the only code that writes the
// plugin's documents, and it broadcasts each event after its write has
// committed, whether the call came from the API, a slash command, automod
// or the scheduler.
type Service struct {
	pc      *core.Context
	log     *slog.Logger
	st      *collections
	config  *core.GuildConfig[Config, *Config]
	rules   *core.Versioned[Rule, *Rule]
	presets *core.Versioned[Preset, *Preset]
	now     func() time.Time
	stats   *core.StatsLoop

	mu      sync.RWMutex
	discord Enforcer
	engine  *engine
	repeats *repeatTracker
}

// NewService returns the service of a plugin context, declaring the
// plugin's collections.
func NewService(pc *core.Context) (*Service, error) {
	st, err := declareCollections(pc)
	if err != nil {
		return nil, err
	}
	s := &Service{
		pc:      pc,
		log:     pc.Logger,
		st:      st,
		now:     func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
		engine:  newEngine(),
		repeats: newRepeatTracker(),
	}
	s.stats = pc.StatsLoop(func(ctx context.Context, guildID string) (any, error) { return s.Stats(ctx, guildID) })
	s.config = core.NewGuildConfig[Config](pc, defaultConfig).
		Check(func(_ context.Context, guildID string, cfg *Config) error {
			return s.checkRefs(guildID, configRefs(cfg))
		}).
		OnSaved(s.engine.forget)
	s.rules = s.newRuleDocs(st.rules)
	s.presets = s.newPresetDocs(st.presets)
	return s, nil
}

// SetEnforcer attaches the Discord side. discord.go calls it once the
// plugin's Discord access is available.
func (s *Service) SetEnforcer(e Enforcer) {
	s.mu.Lock()
	s.discord = e
	s.mu.Unlock()
}

func (s *Service) enforcer() Enforcer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.discord == nil || !s.discord.Available() {
		return nil
	}
	return s.discord
}

// Config returns the guild's moderation config.
func (s *Service) Config(ctx context.Context, guildID string) (*Config, error) {
	return s.config.Get(ctx, guildID)
}

// SaveConfig saves the guild's config at its version. The config store is
// the one save path, for this call and the dashboard's PUT config alike:
// it validates the document, checks its ids against the guild, drops the
// automod cache and broadcasts moderation:config_updated.
func (s *Service) SaveConfig(ctx context.Context, guildID string, cfg *Config, by string) (*Config, error) {
	saved, _, err := s.config.Put(ctx, guildID, cfg, by)
	return saved, err
}

// broadcast sends an event after its write committed. A failure to
// broadcast never undoes the write; the bus logs it.
func (s *Service) broadcast(guildID, event string, data any) {
	_ = s.pc.Broadcast(guildID, event, data)
}
