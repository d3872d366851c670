package plugintest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// ClickOn clicks the button customID on a message the bot posted itself
// (a panel, a notice), not in answer to an interaction, as user, and
// returns the bot's answer to the click.
func (g *Guild) ClickOn(t testing.TB, user discordsim.ID, msg discordsim.Message, customID string) Reply {
	t.Helper()
	it, err := g.w.Sim.ClickButton(msg.ChannelID, msg.ID, user, customID)
	if err != nil {
		t.Fatalf("plugintest: click %s: %v", customID, err)
	}
	return g.await(t, "the click on "+customID, it)
}

// ChooseOn picks values in the string select customID on a message the
// bot posted itself, as user, and returns the bot's answer.
func (g *Guild) ChooseOn(t testing.TB, user discordsim.ID, msg discordsim.Message, customID string, values ...string) Reply {
	t.Helper()
	it, err := g.w.Sim.ChooseStrings(msg.ChannelID, msg.ID, user, customID, values...)
	if err != nil {
		t.Fatalf("plugintest: choose in %s: %v", customID, err)
	}
	return g.await(t, "the choice in "+customID, it)
}

// Raw sends a GET and returns the status, the headers and the body as
// they came, for answers that are not JSON (a download).
func (c *Client) Raw(path string) (int, http.Header, []byte, error) {
	if !strings.HasPrefix(path, "/") {
		path = c.base + path
	}
	req, err := http.NewRequest(http.MethodGet, c.w.Config.PublicURL+path, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("GET %s: %w", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Origin", Origin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body, err
}
