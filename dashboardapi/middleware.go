package dashboardapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"sync"
	"time"

	"github.com/warden-bot/warden/core"
)

// handlerTimeout bounds every API handler; past it the answer is a 503.
const handlerTimeout = 5 * time.Second

// middleware wraps the API mux: CORS, rate limits, the handler timeout and
// the body limit, in that order.
func (s *Server) middleware(api *http.ServeMux) http.Handler {
	h := limitBody(api)
	h = timeout(h)
	h = s.rateLimit(h)
	return s.cors(h)
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Error core.Error `json:"error"`
	}
	body.Error = core.Error{Code: core.CodeBadRequest, Message: fmt.Sprintf("method %s is not allowed on %s", r.Method, r.URL.Path)}
	core.WriteJSON(w, http.StatusMethodNotAllowed, body)
}

// timeout answers 503 with the contract's error body when the handler has
// not answered within handlerTimeout, and cancels its context.
func timeout(h http.Handler) http.Handler {
	body := `{"error":{"code":"UNAVAILABLE","message":"the server could not answer within 5s; try again"}}`
	th := http.TimeoutHandler(h, handlerTimeout, body)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The timeout answer is written to w directly; a handler's own
		// answer replaces this header.
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		th.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over core.MaxRequestBody: at once when the
// length is declared, and while reading otherwise (core.ReadBody turns the
// read error into a 413).
func limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > core.MaxRequestBody {
			core.WriteError(w, core.Errorf(core.CodePayloadTooLarge, "the request body is larger than %d KiB", core.MaxRequestBody>>10))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, core.MaxRequestBody)
		h.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a 500 and a log line with the stack.
func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("recovered from panic in handler", "path", r.URL.Path, "requestId", requestID(r.Context()),
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				core.WriteError(w, fmt.Errorf("panic: %v", v))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

type requestIDKey struct{}

// requestInfo is filled in while a request is served, for the access log.
type requestInfo struct {
	id     string
	mu     sync.Mutex
	userID string
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func requestID(ctx context.Context) string {
	if ri, ok := ctx.Value(requestIDKey{}).(*requestInfo); ok {
		return ri.id
	}
	return ""
}

func setLogUser(ctx context.Context, userID string) {
	if ri, ok := ctx.Value(requestIDKey{}).(*requestInfo); ok {
		ri.mu.Lock()
		ri.userID = userID
		ri.mu.Unlock()
	}
}

// logRequests gives each request an id (X-Request-Id, kept from the client
// when well formed) and logs one line per request: never the query string,
// headers, cookies or tokens.
func (s *Server) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{id: r.Header.Get("X-Request-Id")}
		if !requestIDPattern.MatchString(ri.id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			ri.id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", ri.id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, ri)))
		ri.mu.Lock()
		user := ri.userID
		ri.mu.Unlock()
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "duration", time.Since(start).Round(time.Microsecond), "client", s.proxies.ClientIP(r),
			"user", user, "requestId", ri.id)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status  int
	bytes   int
	written bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.written {
		r.status, r.written = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.written = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
