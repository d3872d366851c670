package core

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// OpsServer serves /metrics, /healthz and /readyz on METRICS_ADDR. It is
// started before everything else so that /healthz answers during start-up.
type OpsServer struct {
	core *Core
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// NewOpsServer returns the operations listener of c.
func NewOpsServer(c *Core) *OpsServer {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(c.metrics.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		status, checks := http.StatusOK, map[string]string{}
		for name, err := range c.Ready(ctx) {
			if err != nil {
				status = http.StatusServiceUnavailable
				checks[name] = err.Error()
			} else {
				checks[name] = "ok"
			}
		}
		WriteJSON(w, status, map[string]any{"ready": status == http.StatusOK, "checks": checks})
	})
	return &OpsServer{core: c, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}}
}

// Start listens on addr ("off" disables the listener).
func (o *OpsServer) Start(addr string) error {
	if addr == "off" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("METRICS_ADDR %s: %w", addr, err)
	}
	o.ln, o.done = ln, make(chan struct{})
	go func() {
		defer close(o.done)
		if err := o.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			o.core.log.Error("metrics listener stopped", "err", err)
		}
	}()
	return nil
}

// Addr returns the listening address, or "" when off.
func (o *OpsServer) Addr() string {
	if o.ln == nil {
		return ""
	}
	return o.ln.Addr().String()
}

// Stop closes the listener.
func (o *OpsServer) Stop(ctx context.Context) error {
	if o.ln == nil {
		return nil
	}
	err := o.srv.Shutdown(ctx)
	<-o.done
	return err
}
