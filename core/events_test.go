package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

const guildA = "300000000000000001"

type evPlugin struct{ pc *core.Context }

func (p *evPlugin) PluginInfo() core.PluginInfo      { return core.PluginInfo{ID: "evt"} }
func (p *evPlugin) Provision(pc *core.Context) error { p.pc = pc; return nil }
func (p *evPlugin) Events() []core.EventSpec {
	return []core.EventSpec{
		{Name: "evt:thing_created", Description: "A thing was created.", Example: map[string]any{"id": "1"}},
		{Name: "evt:stats_updated", Description: "Stats changed.", Example: map[string]any{"n": 1}},
	}
}

// evRecorder collects the events a broker delivers.
type evRecorder struct {
	mu  sync.Mutex
	evs []core.Event
	ch  chan struct{}
}

func newEvRecorder(t *testing.T, c *core.Core, rooms ...string) *evRecorder {
	t.Helper()
	r := &evRecorder{ch: make(chan struct{}, 1024)}
	c.Broker().SetHandler(func(ev *core.Event) {
		r.mu.Lock()
		r.evs = append(r.evs, *ev)
		r.mu.Unlock()
		r.ch <- struct{}{}
	})
	for _, room := range rooms {
		if err := c.Broker().Subscribe(context.Background(), room); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func (r *evRecorder) wait(t *testing.T, n int, within time.Duration) []core.Event {
	t.Helper()
	deadline := time.After(within)
	for {
		r.mu.Lock()
		got := len(r.evs)
		r.mu.Unlock()
		if got >= n {
			r.mu.Lock()
			defer r.mu.Unlock()
			return append([]core.Event(nil), r.evs...)
		}
		select {
		case <-r.ch:
		case <-deadline:
			t.Fatalf("got %d events, want %d", got, n)
		}
	}
}

func TestValidEventName(t *testing.T) {
	cases := map[string]bool{
		"moderation:rule_created": true,
		"temp-vc:channel_created": true,
		"a1:b2":                   true,
		"Moderation:rule":         false,
		"moderation":              false,
		"moderation:":             false,
		":rule":                   false,
		"mod:rule:extra":          false,
		"mod:rule created":        false,
		"mod:règle":               false,
	}
	for name, want := range cases {
		if got := core.ValidEventName(name); got != want {
			t.Errorf("ValidEventName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestEnvelopeShape(t *testing.T) {
	ev := core.Event{Room: guildA, Name: "evt:thing_created", Data: json.RawMessage(`{"id":"1"}`), Timestamp: 1767873600000, Seq: 7}
	var got map[string]any
	if err := json.Unmarshal(ev.Envelope(), &got); err != nil {
		t.Fatalf("envelope is not JSON: %v: %s", err, ev.Envelope())
	}
	want := map[string]any{"event": "evt:thing_created", "guildId": guildA, "data": map[string]any{"id": "1"}, "timestamp": float64(1767873600000), "seq": float64(7)}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("envelope\n got %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestBroadcastValidatesAndPublishes(t *testing.T) {
	var p *evPlugin
	register(t, "evt", func() core.Plugin { p = &evPlugin{}; return p })
	c := testenv.Core(t, testenv.Config(t), core.Options{})
	rec := newEvRecorder(t, c, guildA)

	refusals := []struct {
		name        string
		room, event string
		data        any
		want        error
	}{
		{"malformed name", guildA, "evt:Thing", nil, core.ErrBadEventName},
		{"undeclared", guildA, "evt:thing_deleted", nil, core.ErrUndeclaredEvent},
		{"another plugin's event", guildA, "dashboard:settings_updated", nil, core.ErrUndeclaredEvent},
		{"room not a guild id", "guild-1", "evt:thing_created", nil, nil},
		{"guild event to global", core.GlobalRoom, "evt:thing_created", nil, nil},
		{"unencodable payload", guildA, "evt:thing_created", map[string]any{"f": func() {}}, nil},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			err := p.pc.Broadcast(tc.room, tc.event, tc.data)
			if err == nil {
				t.Fatal("Broadcast accepted it")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	for i := 0; i < 3; i++ {
		if err := p.pc.Broadcast(guildA, "evt:thing_created", map[string]int{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	evs := rec.wait(t, 3, 5*time.Second)
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) || ev.Room != guildA || string(ev.Data) != `{"i":`+string(rune('0'+i))+`}` {
			t.Fatalf("event %d: %+v", i, ev)
		}
	}
}

func TestBroadcastWithoutBusIsANoOp(t *testing.T) {
	var bus *core.Bus
	if err := bus.Broadcast(guildA, "evt:thing_created", nil); err != nil {
		t.Fatalf("nil bus: %v", err)
	}
}

// The window is an hour, so on however slow a machine no window ends
// while the test broadcasts; FlushBus then ends it as its timer would.
func TestStatsEventsAreCoalesced(t *testing.T) {
	var p *evPlugin
	register(t, "evt", func() core.Plugin { p = &evPlugin{}; return p })
	c := testenv.Core(t, testenv.Config(t), core.Options{})
	core.SetBusWindow(c.Bus(), time.Hour)
	rec := newEvRecorder(t, c, guildA)

	for i := 1; i <= 20; i++ {
		if err := p.pc.Broadcast(guildA, "evt:stats_updated", map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
		// A non-stats event in between goes out at once.
		if i == 10 {
			if err := p.pc.Broadcast(guildA, "evt:thing_created", map[string]int{"i": 0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rec.wait(t, 2, 10*time.Second)
	core.FlushBus(c.Bus())
	// A marker sent after the flush arrives after everything the flush
	// sent (one room keeps publish order), so once it is here nothing
	// more is on its way.
	if err := p.pc.Broadcast(guildA, "evt:thing_created", map[string]int{"i": 1}); err != nil {
		t.Fatal(err)
	}
	evs := rec.wait(t, 4, 10*time.Second)
	if len(evs) != 4 || evs[3].Name != "evt:thing_created" {
		t.Fatalf("got %d events, want 3 (first stats, the thing, the latest stats) and the marker: %v", len(evs), evs)
	}
	if evs[0].Name != "evt:stats_updated" || string(evs[0].Data) != `{"n":1}` {
		t.Fatalf("first: %s %s", evs[0].Name, evs[0].Data)
	}
	if evs[1].Name != "evt:thing_created" {
		t.Fatalf("second: %s", evs[1].Name)
	}
	if evs[2].Name != "evt:stats_updated" || string(evs[2].Data) != `{"n":20}` {
		t.Fatalf("the latest stats did not win: %s", evs[2].Data)
	}
	if gap := time.Duration(evs[2].Timestamp-evs[0].Timestamp) * time.Millisecond; gap < 0 {
		t.Fatalf("bad timestamps: %v", gap)
	}
}
