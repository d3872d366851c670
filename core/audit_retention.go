package core

import (
	"context"
	"fmt"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// auditSweepEvery is how often the core deletes audit entries past the
// retention (AUDIT_RETENTION_DAYS).
const auditSweepEvery = time.Hour

// SweepAudit deletes the audit entries older than the retention, as of
// the core's clock, and says how many it deleted. The core runs it at
// start on every instance, and every hour on the lease holder
// (Context.GoLeased).
func (c *Core) SweepAudit(ctx context.Context) (int64, error) {
	cutoff := c.now().Add(-time.Duration(c.cfg.AuditRetentionDays) * 24 * time.Hour)
	n, err := c.coll.audit.DeleteMany(ctx, store.OrderBy("at").Lt("at", cutoff))
	if err != nil {
		return n, fmt.Errorf("audit retention sweep: %w", err)
	}
	return n, nil
}

// sweepAudit runs SweepAudit and logs what it did; a failure waits for the
// next sweep.
func (c *Core) sweepAudit(ctx context.Context) {
	if n, err := c.SweepAudit(ctx); err != nil {
		if ctx.Err() != nil {
			return // stopping, or the lease moved: the next holder sweeps
		}
		c.log.Warn("audit entries past retention not deleted", "err", err)
	} else if n > 0 {
		c.log.Info("audit entries past retention deleted", "count", n, "retention_days", c.cfg.AuditRetentionDays)
	}
}
