package wsgateway

import (
	"errors"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	connections   prometheus.Gauge
	users         prometheus.Gauge
	rooms         prometheus.Gauge
	subscriptions prometheus.Gauge
	received      prometheus.Counter
	delivered     prometheus.Counter
	dropped       prometheus.Counter
	fanout        prometheus.Histogram
	closes        *prometheus.CounterVec
	refused       *prometheus.CounterVec
	authFailures  prometheus.Counter
	badFrames     prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		connections:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "warden_ws_connections", Help: "Open gateway connections."}),
		users:         prometheus.NewGauge(prometheus.GaugeOpts{Name: "warden_ws_authenticated_users", Help: "Distinct users with an authenticated connection."}),
		rooms:         prometheus.NewGauge(prometheus.GaugeOpts{Name: "warden_ws_rooms", Help: "Rooms with at least one member on this instance."}),
		subscriptions: prometheus.NewGauge(prometheus.GaugeOpts{Name: "warden_ws_subscriptions", Help: "Room memberships on this instance."}),
		received:      prometheus.NewCounter(prometheus.CounterOpts{Name: "warden_ws_events_received_total", Help: "Events the broker delivered to this gateway."}),
		delivered:     prometheus.NewCounter(prometheus.CounterOpts{Name: "warden_ws_events_delivered_total", Help: "Event frames queued to subscribers."}),
		dropped:       prometheus.NewCounter(prometheus.CounterOpts{Name: "warden_ws_events_dropped_total", Help: "Event frames not queued because the subscriber's queue was full (the subscriber is closed 4009)."}),
		fanout: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "warden_ws_fanout_seconds",
			Help:    "Time from the broker handing an event to the gateway to its frame being written to a subscriber.",
			Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
		closes:       prometheus.NewCounterVec(prometheus.CounterOpts{Name: "warden_ws_closes_total", Help: "Connections closed by the server, by close code."}, []string{"code"}),
		refused:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "warden_ws_upgrades_refused_total", Help: "Upgrades refused, by reason."}, []string{"reason"}),
		authFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "warden_ws_auth_failures_total", Help: "auth frames with an invalid or expired token."}),
		badFrames:    prometheus.NewCounter(prometheus.CounterOpts{Name: "warden_ws_bad_frames_total", Help: "Client frames answered with BAD_REQUEST."}),
	}
	if reg != nil {
		register(reg, &m.connections, &m.users, &m.rooms, &m.subscriptions)
		register(reg, &m.received, &m.delivered, &m.dropped, &m.authFailures, &m.badFrames)
		register(reg, &m.fanout)
		register(reg, &m.closes, &m.refused)
	}
	return m
}

// register adds collectors, reusing ones already registered (two gateways
// on one registry, as in tests, share their metrics).
func register[C prometheus.Collector](reg prometheus.Registerer, cs ...*C) {
	for _, c := range cs {
		if err := reg.Register(*c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if errors.As(err, &are) {
				if existing, ok := are.ExistingCollector.(C); ok {
					*c = existing
				}
			}
		}
	}
}

func closeLabel(code int) string { return strconv.Itoa(code) }
