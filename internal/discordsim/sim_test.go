package discordsim_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/warden-bot/warden/internal/discordsim"
)

// rawClient is a bare gateway client that keeps every dispatch, so tests
// see exactly what the simulator sends.
type rawClient struct {
	conn *websocket.Conn
	mu   sync.Mutex
	got  map[string][]json.RawMessage
	done chan struct{}
}

func dialRaw(t *testing.T, s *discordsim.Server, intents int) *rawClient {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(s.GatewayURL()+"?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &rawClient{conn: conn, got: map[string][]json.RawMessage{}, done: make(chan struct{})}
	var hello struct {
		Op int `json:"op"`
		D  struct {
			HeartbeatInterval int `json:"heartbeat_interval"`
		} `json:"d"`
	}
	if err := conn.ReadJSON(&hello); err != nil || hello.Op != 10 || hello.D.HeartbeatInterval <= 0 {
		t.Fatalf("HELLO = %+v, %v", hello, err)
	}
	ident := map[string]any{"op": 2, "d": map[string]any{"token": s.Token(), "intents": intents,
		"properties": map[string]string{"os": "linux", "browser": "test", "device": "test"}}}
	if err := conn.WriteJSON(ident); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.done)
		for {
			var f struct {
				Op int             `json:"op"`
				T  string          `json:"t"`
				D  json.RawMessage `json:"d"`
			}
			if err := conn.ReadJSON(&f); err != nil {
				return
			}
			if f.Op == 0 {
				c.mu.Lock()
				c.got[f.T] = append(c.got[f.T], f.D)
				c.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { _ = conn.Close(); <-c.done })
	return c
}

// wait returns the first dispatch of type name.
func (c *rawClient) wait(t *testing.T, name string) json.RawMessage {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		list := c.got[name]
		c.mu.Unlock()
		if len(list) > 0 {
			return list[0]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %s dispatch", name)
	return nil
}

func (c *rawClient) count(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.got[name])
}

// botRequest calls the simulator's REST API as the bot.
func botRequest(t *testing.T, s *discordsim.Server, method, path string, body any) *http.Response {
	t.Helper()
	var rd *jsonBody
	if body != nil {
		rd = newJSONBody(body)
	}
	req, err := http.NewRequest(method, s.APIURL()+path, rd.reader())
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+s.Token())
	req.Header.Set("Content-Type", "application/json")
	rs, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rs.Body.Close() })
	return rs
}
