package moderation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/plugins/moderation"
)

// grantModeration gives user a moderation-only dashboard grant, as the
// owner does on the settings page.
func (w *world) grantModeration(user discordsim.ID) {
	w.t.Helper()
	raw, _ := json.Marshal(map[string]any{"userId": user.String(), "plugins": []string{moderation.ID}})
	req, _ := http.NewRequest("POST", "http://127.0.0.1:"+strconv.Itoa(w.cfg.HTTPPort)+"/api/guilds/"+w.guild.String()+"/dashboard/grants", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+w.token(owner))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", origin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		w.t.Fatalf("grant to %s: %d", user, resp.StatusCode)
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
	must(t, w.sim.SetMemberRoles(w.guild, roleless))
	dir := w.app.Core.Directory()
	w.waitFor("the bot's cache to see the role change", func() bool {
		m, err := dir.Member(context.Background(), w.guild.String(), roleless.String())
		return err == nil && m.IsMember && len(m.Roles) == 0
	})
	if m, err := dir.Member(context.Background(), w.guild.String(), outsider.String()); err != nil || m.IsMember {
		t.Fatalf("user %s should not be a member: %+v %v", outsider, m, err)
	}
	w.grantModeration(insider)
	w.grantModeration(outsider)

	cases := []struct {
		name   string
		user   discordsim.ID
		body   map[string]any
		status int
		want   string
	}{
		{"member kicks the moderator", insider, map[string]any{"type": "kick", "userId": mod.String()}, http.StatusForbidden, "at or above yours"},
		{"outsider kicks the moderator", outsider, map[string]any{"type": "kick", "userId": mod.String()}, http.StatusForbidden, "no place in its role hierarchy"},
		{"outsider warns the moderator", outsider, map[string]any{"type": "warn", "userId": mod.String(), "reason": "x"}, http.StatusForbidden, "no place in its role hierarchy"},
		{"outsider bans a member with a role", outsider, map[string]any{"type": "ban", "userId": alice.String()}, http.StatusForbidden, "no place in its role hierarchy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := w.sideEffects()
			var e struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if st := w.api(tc.user, "POST", "/infractions", tc.body, &e); st != tc.status || !strings.Contains(e.Error.Message, tc.want) {
				t.Fatalf("POST infractions: %d %+v, want %d saying %q", st, e, tc.status, tc.want)
			}
			if n := w.sideEffects() - before; n != 0 {
				t.Fatalf("made %d Discord calls with effects", n)
			}
		})
	}
	var page moderation.CasePage
	if st := w.api(owner, "GET", "/infractions", nil, &page); st != http.StatusOK || len(page.Items) != 0 {
		t.Fatalf("refusals wrote cases: %d %+v", st, page.Items)
	}

	// What has no rank to outrank stays open to the outsider.
	allowed := []map[string]any{
		{"type": "kick", "userId": roleless.String()},
		{"type": "ban", "userId": stranger.String()},
	}
	for _, body := range allowed {
		var in moderation.Infraction
		if st := w.api(outsider, "POST", "/infractions", body, &in); st != http.StatusCreated || in.ModeratorID != outsider.String() {
			t.Fatalf("outsider %v: %d %+v", body, st, in)
		}
	}
}
