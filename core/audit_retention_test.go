package core_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// clock is a settable clock for the core.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func TestAuditRetentionSweep(t *testing.T) {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clk := &clock{t: start}
	cfg := testenv.Config(t, func(c *core.Config) { c.AuditRetentionDays = 30 })
	c := testenv.Core(t, cfg, core.Options{Now: clk.now})
	ctx := context.Background()
	const guild = "300000000000000001"
	for _, age := range []time.Duration{40 * 24 * time.Hour, 31 * 24 * time.Hour, 29 * 24 * time.Hour, time.Hour} {
		if err := c.RecordAudit(ctx, core.AuditEntry{GuildID: guild, UserID: "200000000000000001", Plugin: "dashboard",
			Action: "settings.update", Status: 200, At: start.Add(-age)}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := c.SweepAudit(ctx)
	if err != nil || n != 2 {
		t.Fatalf("first sweep deleted %d (%v), want the 2 entries older than 30 days", n, err)
	}
	page, err := c.AuditLog(ctx, guild, "", 10)
	if err != nil || len(page.Entries) != 2 {
		t.Fatalf("left: %+v %v", page, err)
	}
	// Two days later the 29-day-old entry has passed the retention too.
	clk.set(start.Add(2 * 24 * time.Hour))
	if n, err := c.SweepAudit(ctx); err != nil || n != 1 {
		t.Fatalf("second sweep deleted %d (%v), want 1", n, err)
	}
	if n, err := c.SweepAudit(ctx); err != nil || n != 0 {
		t.Fatalf("a sweep with nothing due deleted %d (%v)", n, err)
	}
}

func TestAuditRetentionDefaultAndBounds(t *testing.T) {
	cfg := &core.Config{AuthSecret: testenv.Secret}
	cfg.ApplyDefaults()
	if cfg.AuditRetentionDays != 180 {
		t.Fatalf("default retention %d days, want 180", cfg.AuditRetentionDays)
	}
	cfg.AuditRetentionDays = -1
	if err := cfg.Validate(); err == nil || !contains(err.Error(), "AUDIT_RETENTION_DAYS") {
		t.Fatalf("negative retention: %v", err)
	}
}
