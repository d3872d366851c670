package discordbot

import (
	"context"
	"errors"
	"hash/fnv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/warden-bot/warden/core"
)

// Each plugin has its own lane: a few workers, each with a bounded queue.
// Events and interactions for the plugin are queued on the worker of their
// guild (or DM channel), so one guild's events reach a plugin in order,
// and a plugin whose handler blocks or panics holds up only its own lane:
// never another plugin, never the gateway reader (which drops work for a
// full lane rather than wait for it).

// laneQueueLength bounds each worker's queue.
const laneQueueLength = 256

type job struct {
	kind string // "event", "command", "component", "modal", "autocomplete"
	run  func(ctx context.Context)
	// refuse is called instead of run when the lane is full; nil for
	// events, which are dropped.
	refuse func()
}

type lane struct {
	plugin core.PluginHandle
	queues []chan job
	m      *laneMetrics
}

// laneMetrics are the per-plugin Prometheus collectors.
type laneMetrics struct {
	depth    *prometheus.GaugeVec
	handler  *prometheus.HistogramVec
	dropped  *prometheus.CounterVec
	timedOut *prometheus.CounterVec
}

func newLaneMetrics(reg prometheus.Registerer) *laneMetrics {
	m := &laneMetrics{
		depth: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "warden_discord_queue_depth",
			Help: "Discord events and interactions waiting in a plugin's queue.",
		}, []string{"plugin"}),
		handler: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "warden_discord_handler_seconds",
			Help:    "Time a plugin's Discord handlers ran, by kind (event, command, component, modal, autocomplete).",
			Buckets: []float64{.005, .025, .1, .5, 1, 2, 5, 15, 60},
		}, []string{"plugin", "kind"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warden_discord_dropped_total",
			Help: "Discord events and interactions not delivered because the plugin's queue was full.",
		}, []string{"plugin", "kind"}),
		timedOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warden_discord_handler_deadline_total",
			Help: "Plugin handlers still running at their deadline.",
		}, []string{"plugin", "kind"}),
	}
	m.depth = register(reg, m.depth)
	m.handler = register(reg, m.handler)
	m.dropped = register(reg, m.dropped)
	m.timedOut = register(reg, m.timedOut)
	return m
}

// register registers c, or returns the collector already registered under
// its name (the Discord component may start more than once per registry).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
	}
	return c
}

// startLanes starts every plugin's workers; they stop when d.ctx ends.
func (d *Discord) startLanes(plugins []core.PluginHandle) {
	d.lanes = map[string]*lane{}
	for _, p := range plugins {
		l := &lane{plugin: p, queues: make([]chan job, d.opts.WorkersPerPlugin), m: d.metrics}
		for i := range l.queues {
			q := make(chan job, laneQueueLength)
			l.queues[i] = q
			d.wg.Add(1)
			go func() {
				defer d.wg.Done()
				for {
					select {
					case j := <-q:
						l.m.depth.WithLabelValues(p.Info.ID).Dec()
						d.runJob(l, j)
					case <-d.ctx.Done():
						return
					}
				}
			}()
		}
		d.lanes[p.Info.ID] = l
	}
}

// runJob runs one job, timing it and recovering a panic.
func (d *Discord) runJob(l *lane, j job) {
	start := time.Now()
	defer func() {
		l.m.handler.WithLabelValues(l.plugin.Info.ID, j.kind).Observe(time.Since(start).Seconds())
	}()
	defer l.plugin.Context.Recover("discord " + j.kind + " handler")
	j.run(d.ctx)
}

// enqueue queues j on the plugin's worker for key (a guild or channel id)
// without waiting: when the queue is full the job is refused (or, for an
// event, dropped) and counted, so a stuck plugin never stalls the gateway.
func (d *Discord) enqueue(pluginID, key string, j job) {
	l, ok := d.lanes[pluginID]
	if !ok {
		return
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	q := l.queues[int(h.Sum32()%uint32(len(l.queues)))]
	l.m.depth.WithLabelValues(pluginID).Inc()
	select {
	case q <- j:
		return
	default:
	}
	l.m.depth.WithLabelValues(pluginID).Dec()
	l.m.dropped.WithLabelValues(pluginID, j.kind).Inc()
	d.dropLog.Do(pluginID, func() {
		d.log.Warn("plugin's Discord queue is full; dropping work for it (is a handler stuck?)", "plugin", pluginID, "kind", j.kind)
	})
	if j.refuse != nil {
		d.goOwned(j.refuse)
	}
}

// goOwned runs fn in a goroutine the component waits for at Stop.
func (d *Discord) goOwned(fn func()) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		fn()
	}()
}

// onceEvery logs at most once a minute per key.
type onceEvery struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (o *onceEvery) Do(key string, fn func()) {
	o.mu.Lock()
	if o.last == nil {
		o.last = map[string]time.Time{}
	}
	now := time.Now()
	if now.Sub(o.last[key]) < time.Minute {
		o.mu.Unlock()
		return
	}
	o.last[key] = now
	o.mu.Unlock()
	fn()
}

// withDeadline runs fn with a deadline and counts a handler that outlived it.
func (d *Discord) withDeadline(ctx context.Context, pluginID, kind string, limit time.Duration, fn func(ctx context.Context)) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	fn(ctx)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		d.metrics.timedOut.WithLabelValues(pluginID, kind).Inc()
		d.log.Warn("plugin handler ran past its deadline", "plugin", pluginID, "kind", kind, "deadline", limit)
	}
}
