package plugintest_test

import (
	"testing"

	"github.com/warden-bot/warden/internal/plugintest"
)

// TestButtonsAndModals clicks a plugin's button (which updates its
// message) and fills in the modal another button opens, through the kit.
func TestButtonsAndModals(t *testing.T) {
	w := plugintest.Start(t)
	g := w.Guild(t, 1)
	alex, sam := g.Member(t, "alex"), plugintest.Moderator
	g.Command(t, alex, "idea post", map[string]any{"text": "dark mode"})
	shown := g.Command(t, alex, "idea show", map[string]any{"number": 1})

	if r := g.Click(t, sam, shown, "ideas:vote:1"); r.Type != 7 || r.Content != "Idea #1: 1 votes" {
		t.Fatalf("vote: %+v", r)
	}
	form := g.Click(t, alex, shown, "ideas:edit:1")
	if form.Type != 9 {
		t.Fatalf("edit: response type %d, want a modal", form.Type)
	}
	if r := g.Submit(t, form, map[string]string{"text": "darker mode"}); r.Content != "Idea #1 is now: darker mode" || !r.Ephemeral {
		t.Fatalf("submitted modal: %+v", r)
	}
	if r := g.Command(t, alex, "idea show", map[string]any{"number": 1}); r.Content != "Idea #1 (open): darker mode" {
		t.Fatalf("after the edit: %q", r.Content)
	}
}
