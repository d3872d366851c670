package core

import (
	"context"
	"errors"
)

// openBroker chooses the broker from the config: in-process without
// REDIS_URL.
func (c *Core) openBroker(_ context.Context) (Broker, error) {
	if c.cfg.RedisURL != "" {
		return nil, errors.New("REDIS_URL is set but this build has no Redis broker yet")
	}
	return NewMemoryBroker(c.cfg.History), nil
}
