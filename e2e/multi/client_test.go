package multi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/warden-bot/warden/core"
)

// frame is the gateway's envelope (docs/protocol.md).
type frame struct {
	Event   string          `json:"event"`
	GuildID string          `json:"guildId"`
	Data    json.RawMessage `json:"data"`
	Seq     uint64          `json:"seq"`
}

// gwClient is one gateway connection through the proxy.
type gwClient struct {
	t    *testing.T
	conn *websocket.Conn
}

// dialGateway connects through the proxy and authenticates; it returns
// an error rather than failing, so a caller can reconnect.
func dialGateway(t *testing.T, url, origin, token string) (*gwClient, error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	conn, res, err := d.Dial(url, http.Header{"Origin": {origin}})
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %d)", url, err, res.StatusCode)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	c := &gwClient{t: t, conn: conn}
	if err := c.send(map[string]any{"type": "auth", "token": token}); err != nil {
		conn.Close()
		return nil, err
	}
	if _, err := c.until("authenticated"); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

func (c *gwClient) send(v any) error {
	_ = c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.conn.WriteJSON(v)
}

// read returns the next frame; the deadline bounds a stuck connection.
func (c *gwClient) read() (frame, error) {
	_ = c.conn.SetReadDeadline(time.Now().Add(awaitFor))
	var f frame
	_, raw, err := c.conn.ReadMessage()
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return f, fmt.Errorf("frame %s: %w", raw, err)
	}
	if f.Event == "error" {
		return f, fmt.Errorf("gateway error frame: %s", f.Data)
	}
	return f, nil
}

// until reads frames up to and including the named one.
func (c *gwClient) until(event string) (frame, error) {
	for {
		f, err := c.read()
		if err != nil || f.Event == event {
			return f, err
		}
	}
}

func (c *gwClient) close() { _ = c.conn.Close() }

// api calls the REST API at base with a bearer token for user.
type api struct {
	t      *testing.T
	secret string
	user   string
}

func (a api) token(kind string) string {
	a.t.Helper()
	tok, err := core.MintToken([]byte(a.secret), a.user, kind, time.Hour, time.Now())
	if err != nil {
		a.t.Fatalf("mint token: %v", err)
	}
	return tok
}

// do makes one request and decodes a 2xx answer into out; it answers the
// status and the X-Warden-Upstream header (set by the test's proxy).
func (a api) do(method, url string, body, out any, header http.Header) (int, string) {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.token(""))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			a.t.Fatalf("%s %s: decode %s: %v", method, url, raw, err)
		}
	}
	return res.StatusCode, res.Header.Get("X-Warden-Upstream")
}

// bumpSettings saves the guild's dashboard settings once through base,
// which publishes dashboard:settings_updated; it answers the new version.
func (a api) bumpSettings(base, guild string) int64 {
	a.t.Helper()
	path := base + "/api/guilds/" + guild + "/dashboard/settings"
	for {
		var doc map[string]any
		if st, _ := a.do(http.MethodGet, path, nil, &doc, nil); st != http.StatusOK {
			a.t.Fatalf("GET settings through %s: %d", base, st)
		}
		if doc["dateFormat"] == "absolute" {
			doc["dateFormat"] = "relative"
		} else {
			doc["dateFormat"] = "absolute"
		}
		delete(doc, "updatedBy")
		delete(doc, "updatedAt")
		var saved struct {
			Version int64 `json:"version"`
		}
		st, _ := a.do(http.MethodPut, path, doc, &saved, nil)
		if st == http.StatusConflict {
			continue // another writer won the version; read it again
		}
		if st != http.StatusOK {
			a.t.Fatalf("PUT settings through %s: %d", base, st)
		}
		return saved.Version
	}
}
