package wsgateway

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// sseEvent is one event of an SSE stream as a client parses it.
type sseEvent struct {
	ID    string
	HasID bool
	Event string // "" for envelopes, "close" for the final event
	Data  string
}

func (e sseEvent) envelope(t *testing.T) envelope {
	t.Helper()
	var env envelope
	if err := json.Unmarshal([]byte(e.Data), &env); err != nil {
		t.Fatalf("data is not an envelope: %q", e.Data)
	}
	return env
}

// sseStream is an open SSE response read by its own goroutine.
type sseStream struct {
	t      *testing.T
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
	lastID string
	pings  atomic.Int64 // heartbeat comments read
}

// sseURL is the gateway's SSE address with rooms as query parameters.
func (e *env) sseURL(rooms ...string) string {
	q := url.Values{}
	for _, r := range rooms {
		q.Add("guildId", r)
	}
	u := strings.Replace(strings.TrimSuffix(e.url, "/ws"), "ws://", "http://", 1) + "/sse"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// sseGet sends an SSE request with the given headers (Origin is set
// unless given) and returns the response, open.
func sseGet(t *testing.T, u string, header http.Header) (*http.Response, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", origin)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET %s: %v", u, err)
	}
	t.Cleanup(func() { cancel(); _ = resp.Body.Close() })
	return resp, cancel
}

// openSSE opens a stream as user and checks that it starts as the
// protocol says: connected, then authenticated.
func (e *env) openSSE(t *testing.T, user, lastID string, rooms ...string) *sseStream {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + token(t, user, time.Hour)}}
	if lastID != "" {
		h.Set("Last-Event-ID", lastID)
	}
	s := startSSE(t, e.sseURL(rooms...), h)
	s.expect("connected")
	s.expect("authenticated")
	return s
}

// startSSE opens a stream that must be accepted.
func startSSE(t *testing.T, u string, h http.Header) *sseStream {
	t.Helper()
	resp, cancel := sseGet(t, u, h)
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("Content-Type %q", ct)
	}
	s := &sseStream{t: t, resp: resp, events: make(chan sseEvent, 64), cancel: cancel}
	go s.readAll()
	return s
}

// readAll parses the stream (the subset of the SSE format the gateway
// writes, comments included) until it ends.
func (s *sseStream) readAll() {
	defer close(s.events)
	br := bufio.NewReader(s.resp.Body)
	var ev sseEvent
	var data []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if data != nil {
				ev.Data = strings.Join(data, "\n")
				s.events <- ev
			}
			ev, data = sseEvent{}, nil
		case line == ": ping":
			s.pings.Add(1)
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "id: "):
			ev.ID, ev.HasID = strings.TrimPrefix(line, "id: "), true
		case strings.HasPrefix(line, "event: "):
			ev.Event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		}
	}
}

// next returns the next event, failing after 10 s or at the stream's end.
func (s *sseStream) next() sseEvent {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			s.t.Fatal("the stream ended")
		}
		if ev.HasID {
			s.lastID = ev.ID
		}
		return ev
	case <-time.After(10 * time.Second):
		s.t.Fatal("no event within 10s")
	}
	return sseEvent{}
}

// expect reads the next event and checks it is the envelope of event.
func (s *sseStream) expect(event string) envelope {
	s.t.Helper()
	ev := s.next()
	if ev.Event != "" {
		s.t.Fatalf("got event %q (%s), want envelope %s", ev.Event, ev.Data, event)
	}
	env := ev.envelope(s.t)
	if env.Event != event {
		s.t.Fatalf("got %s %s, want %s", env.Event, env.Data, event)
	}
	return env
}

// expectClose reads until the final close event and checks its code.
func (s *sseStream) expectClose(code int) {
	s.t.Helper()
	for {
		ev := s.next()
		if ev.Event != "close" {
			continue
		}
		var c struct {
			Code   int    `json:"code"`
			Reason string `json:"reason"`
		}
		if err := json.Unmarshal([]byte(ev.Data), &c); err != nil || c.Code != code {
			s.t.Fatalf("close event %s, want code %d", ev.Data, code)
		}
		if _, ok := <-s.events; ok {
			s.t.Fatal("an event followed the close event")
		}
		return
	}
}

// refusal reads an error response in the contract's shape.
func refusal(t *testing.T, resp *http.Response) (code, message string) {
	t.Helper()
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("status %d without an error body: %v", resp.StatusCode, err)
	}
	return body.Error.Code, body.Error.Message
}
