package plugintest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// Client calls the dashboard API as one user, with the session token the
// login would give them and the dashboard's origin.
type Client struct {
	w     *Warden
	user  discordsim.ID
	token string
	// base is prefixed to relative paths: "/api/guilds/{id}/" for a
	// guild's client, "/api/" otherwise.
	base string
}

// As returns a client acting as user; paths are below /api/.
func (w *Warden) As(t testing.TB, user discordsim.ID) *Client {
	t.Helper()
	return &Client{w: w, user: user, token: w.Token(t, user), base: "/api/"}
}

// As returns a client acting as user; paths are below the guild's
// /api/guilds/{guildId}/ ("moderation/config").
func (g *Guild) As(t testing.TB, user discordsim.ID) *Client {
	t.Helper()
	c := g.w.As(t, user)
	c.base = "/api/guilds/" + g.ID.String() + "/"
	return c
}

// Call is Client.Call for a one-off request as user.
func (g *Guild) Call(t testing.TB, user discordsim.ID, method, path string, body, out any) int {
	t.Helper()
	return g.As(t, user).Call(t, method, path, body, out)
}

// Call sends a request and decodes a JSON answer into out (when out is
// not nil and the answer has a body), and returns the status. It fails t
// when the request cannot be sent or the answer does not decode; call it
// from t's goroutine, and Do from any other.
func (c *Client) Call(t testing.TB, method, path string, body, out any) int {
	t.Helper()
	status, err := c.Do(method, path, body, out)
	if err != nil {
		t.Fatalf("plugintest: %v", err)
	}
	return status
}

// Do is Call without a t: it returns what went wrong instead, so it may
// run in any goroutine. body is sent as JSON unless it is a string or
// []byte (sent as is); path is relative to the client's base, or absolute
// when it starts with "/".
func (c *Client) Do(method, path string, body, out any) (int, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return 0, fmt.Errorf("%s %s: encode body: %w", method, path, err)
		}
		rd = bytes.NewReader(raw)
	}
	if !strings.HasPrefix(path, "/") {
		path = c.base + path
	}
	req, err := http.NewRequest(method, c.w.Config.PublicURL+path, rd)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Origin", Origin)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %d %s: %w", method, path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode, nil
}
