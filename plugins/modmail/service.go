package modmail

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/warden-bot/warden/core"
)

// Service is modmail's domain logic. It is the only code that writes the
// plugin's documents, and it broadcasts each event after its write has
// committed, whether the call came from a DM, a slash command, the
// dashboard or the scheduler.
type Service struct {
	pc     *core.Context
	log    *slog.Logger
	st     *collections
	config *core.GuildConfig[Config, *Config]
	clock  atomic.Pointer[func() time.Time]
	stats  *core.StatsLoop
}

// NewService returns the service of a plugin context, declaring the
// plugin's collections.
func NewService(pc *core.Context) (*Service, error) {
	st, err := declareCollections(pc)
	if err != nil {
		return nil, err
	}
	s := &Service{
		pc:  pc,
		log: pc.Logger,
		st:  st,
	}
	s.SetClock(func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) })
	s.stats = pc.StatsLoop(func(ctx context.Context, guildID string) (any, error) { return s.Stats(ctx, guildID) })
	s.config = core.NewGuildConfig[Config](pc, defaultConfig).OnSaved(s.stats.Mark)
	return s, nil
}

// SetClock replaces the service's clock (tests move time forward with it);
// safe while the scheduler runs.
func (s *Service) SetClock(now func() time.Time) { s.clock.Store(&now) }

func (s *Service) now() time.Time { return (*s.clock.Load())() }

// Config returns the guild's modmail config.
func (s *Service) Config(ctx context.Context, guildID string) (*Config, error) {
	return s.config.Get(ctx, guildID)
}

// SaveConfig saves the guild's config at its version through the one save
// path (validation, audit, modmail:config_updated).
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

// IsStaff reports whether a member may answer the guild's conversations:
// an administrator, a member with Manage Server, or one holding a staff
// role or a department's role.
func (s *Service) IsStaff(ctx context.Context, guildID, userID string, perms uint64) bool {
	if perms&(core.PermAdministrator|core.PermManageGuild) != 0 {
		return true
	}
	cfg, err := s.Config(ctx, guildID)
	if err != nil {
		return false
	}
	m, err := s.dc().Member(ctx, guildID, userID)
	if err != nil || !m.IsMember {
		return false
	}
	if m.Permissions&(core.PermAdministrator|core.PermManageGuild) != 0 {
		return true
	}
	for _, r := range m.Roles {
		if slices.Contains(cfg.StaffRoles, r) || slices.ContainsFunc(cfg.Departments, func(d Department) bool { return d.RoleID == r }) {
			return true
		}
	}
	return false
}

// guildName is a guild's name for messages to the member.
func (s *Service) guildName(ctx context.Context, guildID string) string {
	if g, ok, err := s.dc().Guild(ctx, guildID); err == nil && ok {
		return g.Name
	}
	return "the server"
}

// staffName is how a staff member is named to the member.
func (s *Service) staffName(ctx context.Context, guildID, userID string) string {
	if n := s.pc.Names(); n != nil {
		if ms, err := n.Members(ctx, guildID, []string{userID}); err == nil && len(ms) == 1 {
			if ms[0].DisplayName != "" {
				return ms[0].DisplayName
			}
			return ms[0].Username
		}
	}
	return "Staff"
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// checkContent refuses empty or too long message text.
func checkContent(field, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", core.BadRequest("%s: write something", field)
	}
	if len(text) > maxContentLen {
		return "", core.BadRequest("%s: at most %d characters", field, maxContentLen)
	}
	return text, nil
}
