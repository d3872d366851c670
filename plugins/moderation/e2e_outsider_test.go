package moderation_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/plugins/moderation"
)

// grantModeration gives user a moderation-only dashboard grant, as the
// owner does on the settings page.
func (w *world) grantModeration(t *testing.T, user discordsim.ID) {
	t.Helper()
	body := map[string]any{"userId": user.String(), "plugins": []string{moderation.ID}}
	if st := w.g.Call(t, owner, "POST", "dashboard/grants", body, nil); st != http.StatusCreated {
		t.Fatalf("grant to %s: %d", user, st)
	}
}

// TestGrantHolderOutsideTheGuildHasNoRank checks the role hierarchy for a
// dashboard grant holder who is not a member of the guild: with no place
// in the hierarchy, they may act only on members without roles (and on
// users who are not members), never on anyone who holds a role. A member
// with the same grant is held to their own rank as before.
func TestGrantHolderOutsideTheGuildHasNoRank(t *testing.T) {
	w := startWorld(t, "", "1h")
	insider := discordsim.UserID(11)  // a member with the Member role
	outsider := discordsim.UserID(40) // a visitor: in no guild
	roleless := discordsim.UserID(12) // a member without roles
	stranger := discordsim.UserID(41) // another visitor
	w.g.SetRoles(t, roleless)
	dir := w.Core.Directory()
	if m, err := dir.Member(context.Background(), w.g.ID.String(), outsider.String()); err != nil || m.IsMember {
		t.Fatalf("user %s should not be a member: %+v %v", outsider, m, err)
	}
	w.grantModeration(t, insider)
	w.grantModeration(t, outsider)

	w.checkRefusals(t, "", []apiRefusal{
		{"member kicks the moderator", insider, map[string]any{"type": "kick", "userId": mod.String()}, http.StatusForbidden, "at or above yours"},
		{"outsider kicks the moderator", outsider, map[string]any{"type": "kick", "userId": mod.String()}, http.StatusForbidden, "no place in its role hierarchy"},
		{"outsider warns the moderator", outsider, map[string]any{"type": "warn", "userId": mod.String(), "reason": "x"}, http.StatusForbidden, "no place in its role hierarchy"},
		{"outsider bans a member with a role", outsider, map[string]any{"type": "ban", "userId": alice.String()}, http.StatusForbidden, "no place in its role hierarchy"},
	})
	var page moderation.CasePage
	if st := w.api(t, owner, "GET", "/infractions", nil, &page); st != http.StatusOK || len(page.Items) != 0 {
		t.Fatalf("refusals wrote cases: %d %+v", st, page.Items)
	}

	// What has no rank to outrank stays open to the outsider.
	allowed := []map[string]any{
		{"type": "kick", "userId": roleless.String()},
		{"type": "ban", "userId": stranger.String()},
	}
	for _, body := range allowed {
		var in moderation.Infraction
		if st := w.api(t, outsider, "POST", "/infractions", body, &in); st != http.StatusCreated || in.ModeratorID != outsider.String() {
			t.Fatalf("outsider %v: %d %+v", body, st, in)
		}
	}
}
