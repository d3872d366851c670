package plugintest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/warden-bot/warden/internal/discordsim"
)

// Frame is one frame the gateway sent, in the contract's envelope.
type Frame struct {
	Event     string          `json:"event"`
	GuildID   string          `json:"guildId"`
	Data      json.RawMessage `json:"data"`
	Timestamp int64           `json:"timestamp"`
	Seq       uint64          `json:"seq"`
}

// Decode decodes a frame's data into a T.
func Decode[T any](t testing.TB, f Frame) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(f.Data, &v); err != nil {
		t.Fatalf("plugintest: %s data %s: %v", f.Event, f.Data, err)
	}
	return v
}

// Dashboard is a real WebSocket client of the gateway, as the dashboard
// page is: authenticated as one user and subscribed to guild rooms. It
// records every frame; Await reads them in order.
type Dashboard struct {
	conn *websocket.Conn
	done chan struct{}
	wmu  sync.Mutex // one writer at a time, as gorilla/websocket requires

	mu     sync.Mutex
	frames []Frame
	err    error // why the connection ended
	// cursor is the index after the frame Await returned last; awaited
	// counts the frames Await returned by event name.
	cursor  int
	awaited map[string]int
}

// Dashboard connects as user and subscribes to the guild's room.
func (g *Guild) Dashboard(t testing.TB, user discordsim.ID) *Dashboard {
	t.Helper()
	return g.w.Dashboard(t, user, g.ID)
}

// Dashboard connects to the gateway, authenticates as user and subscribes
// to each room given (guild ids, or none). Frames with an awaited name
// are checked once more when the test ends: one that arrived more often
// than it was awaited fails the test.
func (w *Warden) Dashboard(t testing.TB, user discordsim.ID, rooms ...discordsim.ID) *Dashboard {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial("ws://127.0.0.1:"+strconv.Itoa(w.Config.WSPort)+"/ws",
		map[string][]string{"Origin": {Origin}})
	if err != nil {
		t.Fatalf("plugintest: dial the gateway: %v", err)
	}
	d := &Dashboard{conn: conn, done: make(chan struct{}), awaited: map[string]int{}}
	go d.read()
	t.Cleanup(func() {
		if !t.Failed() {
			d.checkOnce(t)
		}
		_ = conn.Close()
		<-d.done
	})
	d.send(t, map[string]any{"type": "auth", "token": w.Token(t, user)})
	d.waitFrame(t, "authenticated", func(f Frame) bool { return f.Event == "authenticated" })
	for _, room := range rooms {
		d.Subscribe(t, room.String())
	}
	return d
}

func (d *Dashboard) read() {
	defer close(d.done)
	for {
		var f Frame
		if err := d.conn.ReadJSON(&f); err != nil {
			d.mu.Lock()
			d.err = err
			d.mu.Unlock()
			return
		}
		d.mu.Lock()
		d.frames = append(d.frames, f)
		d.mu.Unlock()
	}
}

func (d *Dashboard) send(t testing.TB, frame any) {
	t.Helper()
	d.wmu.Lock()
	defer d.wmu.Unlock()
	if err := d.conn.WriteJSON(frame); err != nil {
		t.Fatalf("plugintest: send %v: %v", frame, err)
	}
}

// Subscribe joins a room ("global" or a guild id) and waits for the
// gateway's answer; an error frame fails t.
func (d *Dashboard) Subscribe(t testing.TB, room string) {
	t.Helper()
	d.mu.Lock()
	from := len(d.frames)
	d.mu.Unlock()
	d.send(t, map[string]any{"type": "subscribe", "guildId": room})
	f := d.waitFrameFrom(t, from, "the answer to subscribe "+room, func(f Frame) bool {
		return f.Event == "error" || (f.Event == "subscribed" && (f.GuildID == room || jsonField(f.Data, "guildId") == room))
	})
	if f.Event == "error" {
		t.Fatalf("plugintest: subscribe %s: %s", room, f.Data)
	}
}

func jsonField(raw json.RawMessage, key string) string {
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	s, _ := m[key].(string)
	return s
}

func (d *Dashboard) waitFrame(t testing.TB, what string, match func(Frame) bool) Frame {
	t.Helper()
	return d.waitFrameFrom(t, 0, what, match)
}

func (d *Dashboard) waitFrameFrom(t testing.TB, from int, what string, match func(Frame) bool) Frame {
	t.Helper()
	var found Frame
	Eventually(t, what, func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		for _, f := range d.frames[min(from, len(d.frames)):] {
			if match(f) {
				found = f
				return true
			}
		}
		return false
	})
	return found
}

// Await waits for the next frame named event after the one Await returned
// last, and returns it. So successive Awaits check order: awaiting "a"
// then "b" fails when b came only before a. Each frame is awaited exactly
// once: Await fails t when a frame with a name awaited so far has arrived
// more often than it was awaited, and so does the end of the test.
func (d *Dashboard) Await(t testing.TB, event string) Frame {
	t.Helper()
	var found Frame
	Eventually(t, "the frame "+event, func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		for i := d.cursor; i < len(d.frames); i++ {
			if d.frames[i].Event == event {
				found, d.cursor = d.frames[i], i+1
				d.awaited[event]++
				return true
			}
		}
		return false
	})
	if err := d.duplicates(); err != nil {
		t.Fatalf("plugintest: %v", err)
	}
	return found
}

// Expect awaits each event in turn.
func (d *Dashboard) Expect(t testing.TB, events ...string) []Frame {
	t.Helper()
	out := make([]Frame, len(events))
	for i, e := range events {
		out[i] = d.Await(t, e)
	}
	return out
}

// WaitCount waits until at least n frames named event have arrived, in
// any order relative to others, and returns them all. It does not move
// Await's place and does not count as awaiting them.
func (d *Dashboard) WaitCount(t testing.TB, event string, n int) []Frame {
	t.Helper()
	Eventually(t, fmt.Sprintf("%d %s frames", n, event), func() bool { return len(d.Frames(event)) >= n })
	return d.Frames(event)
}

// Frames returns the frames named event so far, or every frame for "".
func (d *Dashboard) Frames(event string) []Frame {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Frame
	for _, f := range d.frames {
		if event == "" || f.Event == event {
			out = append(out, f)
		}
	}
	return out
}

// duplicates reports an awaited event that arrived more often than it was
// awaited.
func (d *Dashboard) duplicates() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	got := map[string]int{}
	for _, f := range d.frames {
		if _, ok := d.awaited[f.Event]; ok {
			got[f.Event]++
		}
	}
	for event, n := range d.awaited {
		if got[event] > n {
			return fmt.Errorf("%s arrived %d times, awaited %d", event, got[event], n)
		}
	}
	return nil
}

// checkOnce makes a round trip (ping, pong) so that what the gateway sent
// before has arrived, then checks the awaited events once more.
func (d *Dashboard) checkOnce(t testing.TB) {
	t.Helper()
	d.mu.Lock()
	from, awaited, ended := len(d.frames), len(d.awaited), d.err != nil
	d.mu.Unlock()
	if awaited == 0 || ended {
		return
	}
	d.send(t, map[string]any{"type": "ping"})
	d.waitFrameFrom(t, from, "pong", func(f Frame) bool { return f.Event == "pong" })
	if err := d.duplicates(); err != nil {
		t.Errorf("plugintest: %v", err)
	}
}
