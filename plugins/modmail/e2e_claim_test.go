package modmail_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/modmail"
)

// TestConcurrentClaimsHaveOneWinner: two staff claim one conversation at
// the same moment, round after round: one gets 200, the other a 409 that
// names who has it, and conversation_claimed is sent once per round.
func TestConcurrentClaimsHaveOneWinner(t *testing.T) {
	w := startWorld(t)
	dash := w.g.Dashboard(t, owner)
	conv := w.open(t, dash, alex, "claim me")
	staff := []*plugintest.Client{w.g.As(t, owner), w.g.As(t, mod)}
	for round := 0; round < 5; round++ {
		var wg sync.WaitGroup
		statuses := make([]int, len(staff))
		bodies := make([]map[string]any, len(staff))
		for i, c := range staff {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var out map[string]any
				st, err := c.Do("POST", "modmail/conversations/1/claim", map[string]any{}, &out)
				if err != nil {
					t.Errorf("claim: %v", err)
				}
				statuses[i], bodies[i] = st, out
			}()
		}
		wg.Wait()
		slices.Sort(statuses)
		if statuses[0] != http.StatusOK || statuses[1] != http.StatusConflict {
			t.Fatalf("round %d: statuses %v, want one 200 and one 409", round, statuses)
		}
		for _, b := range bodies {
			if e, ok := b["error"].(map[string]any); ok && !strings.Contains(e["message"].(string), "already claimed by") {
				t.Fatalf("round %d: the refusal does not say who has it: %v", round, e)
			}
		}
		claimed := plugintest.Decode[modmail.Conversation](t, dash.Await(t, modmail.EventConversationClaimed))
		if claimed.ClaimedBy != owner.String() && claimed.ClaimedBy != mod.String() {
			t.Fatalf("claimed by %q", claimed.ClaimedBy)
		}
		if st := w.api(t, owner, "DELETE", "/conversations/1/claim", nil, nil); st != http.StatusOK {
			t.Fatalf("unclaim: %d", st)
		}
		dash.Await(t, modmail.EventConversationUnclaimed)
	}
	// On Discord the loser is told clearly too.
	ch := discordsim.ParseID(conv.ChannelID)
	if r := w.g.CommandIn(t, ch, mod, "modmail claim", nil); !strings.Contains(r.Content, "You claimed") {
		t.Fatalf("/modmail claim: %+v", r)
	}
	dash.Await(t, modmail.EventConversationClaimed)
	if r := w.g.CommandIn(t, ch, owner, "modmail claim", nil); !r.Ephemeral || !strings.Contains(r.Content, "already claimed by mod-mia") {
		t.Fatalf("second /modmail claim: %+v", r)
	}
}
