package plugintest_test

import (
	"net/http"
	"testing"

	"github.com/warden-bot/warden/internal/plugintest"
)

// TestExample is the end-to-end test of a small plugin, as docs/plugins.md
// shows it: a member posts an idea by slash command, the dashboard hears
// it, staff accept it over the API, and the command shows the new status.
func TestExample(t *testing.T) {
	w := plugintest.Start(t)
	g := w.Guild(t, 1)
	alex := g.Member(t, "alex")
	dash := g.Dashboard(t, plugintest.Owner)

	if r := g.Command(t, alex, "idea post", map[string]any{"text": "dark mode"}); r.Content != "Idea #1 posted." {
		t.Fatalf("/idea post: %q", r.Content)
	}
	posted := plugintest.Decode[map[string]any](t, dash.Await(t, "ideas:idea_posted"))
	if posted["text"] != "dark mode" || posted["authorId"] != alex.String() {
		t.Fatalf("idea_posted: %v", posted)
	}

	if st := g.Call(t, alex, "PUT", "ideas/1/status", map[string]string{"status": "accepted"}, nil); st != http.StatusForbidden {
		t.Fatalf("a member without dashboard access: %d", st)
	}
	var list []map[string]any
	if st := g.Call(t, plugintest.Moderator, "PUT", "ideas/1/status", map[string]string{"status": "accepted"}, nil); st != http.StatusOK {
		t.Fatalf("PUT status: %d", st)
	}
	dash.Await(t, "ideas:status_changed")
	if g.Call(t, plugintest.Owner, "GET", "ideas", nil, &list); len(list) != 1 || list[0]["status"] != "accepted" {
		t.Fatalf("GET ideas: %v", list)
	}
	if r := g.Command(t, alex, "idea show", map[string]any{"number": 1}); r.Content != "Idea #1 (accepted): dark mode" || r.Ephemeral {
		t.Fatalf("/idea show: %+v", r)
	}
}
