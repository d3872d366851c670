package core

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics is the process's Prometheus registry and the core's own
// collectors. Components register theirs on Registry.
type Metrics struct {
	Registry *prometheus.Registry

	eventsPublished *prometheus.CounterVec
	eventsRefused   prometheus.Counter
	pluginsStarted  prometheus.Gauge
}

// NewMetrics returns a registry with Go and process collectors and the
// core's metrics.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		eventsPublished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warden_events_published_total",
			Help: "Events handed to the broker, by plugin.",
		}, []string{"plugin"}),
		eventsRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "warden_events_refused_total",
			Help: "Broadcast calls refused (bad name, undeclared, bad payload, broker error).",
		}),
		pluginsStarted: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "warden_plugins_started",
			Help: "Plugins currently started.",
		}),
	}
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.eventsPublished, m.eventsRefused, m.pluginsStarted,
	)
	return m
}
