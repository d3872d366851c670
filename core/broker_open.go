package core

import "context"

// openBroker chooses the broker from the config: Redis when REDIS_URL is
// set, in-process otherwise. The Redis broker's state is a readiness check.
func (c *Core) openBroker(_ context.Context) (Broker, error) {
	if c.cfg.RedisURL == "" {
		return NewMemoryBroker(c.cfg.History), nil
	}
	b, err := NewRedisBroker(RedisBrokerOptions{
		URL:        c.cfg.RedisURL,
		History:    c.cfg.History,
		Logger:     c.log.With("component", "broker"),
		Registerer: c.metrics.Registry,
	})
	if err != nil {
		return nil, err
	}
	c.AddHealthCheck("redis", b.Ready)
	return b, nil
}
