package moderation_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/plugins/moderation"
)

// TestModerationEndToEnd drives moderation the way staff do: slash commands
// in the simulated Discord, the dashboard API over HTTP, and automod on a
// posted message, while a real WebSocket dashboard watches the guild.
func TestModerationEndToEnd(t *testing.T) {
	w := startWorld(t, "", "1h")
	dash := w.g.Dashboard(t, owner)
	g := w.g.ID.String()

	// Config: versioned, 409 when stale.
	var cfg map[string]any
	if st := w.api(t, owner, "GET", "/config", nil, &cfg); st != http.StatusOK || cfg["version"].(float64) != 0 {
		t.Fatalf("GET config: %d %v", st, cfg)
	}
	cfg["modLogChannelId"], cfg["automodEnabled"] = w.modLog.String(), true
	if st := w.api(t, owner, "PUT", "/config", cfg, &cfg); st != http.StatusOK || cfg["version"].(float64) != 1 {
		t.Fatalf("PUT config: %d %v", st, cfg)
	}
	cfg["version"] = 0
	if st := w.api(t, owner, "PUT", "/config", cfg, nil); st != http.StatusConflict {
		t.Fatalf("stale PUT config: %d", st)
	}

	t.Run("slash commands act on Discord and open cases", func(t *testing.T) {
		if r := w.g.Command(t, mod, "warn", map[string]any{"user": alice, "reason": "spam"}).Content; !strings.Contains(r, "Case #1") {
			t.Fatalf("/warn: %q", r)
		}
		if r := w.g.Command(t, mod, "timeout", map[string]any{"user": alice, "minutes": 10, "reason": "cool off"}).Content; !strings.Contains(r, "Case #2") {
			t.Fatalf("/timeout: %q", r)
		}
		if m, _ := w.Sim.Member(w.g.ID, alice); m.CommunicationDisabledUntil == nil {
			t.Fatal("/timeout did not time the member out on Discord")
		}
		if r := w.g.Command(t, mod, "ban", map[string]any{"user": alice, "minutes": 60, "delete_days": 1, "reason": "again"}).Content; !strings.Contains(r, "Case #3") {
			t.Fatalf("/ban: %q", r)
		}
		if len(w.Sim.CallsTo("PUT /guilds/{guild}/bans/{user}")) != 1 || len(w.Sim.CallsTo("POST /users/@me/channels")) < 3 {
			t.Fatal("/ban: no ban call, or the member was not told by DM")
		}
		plugintest.Eventually(t, "the mod-log posts", func() bool { return len(w.Sim.Messages(w.modLog)) >= 3 })
	})

	t.Run("refusals are ephemeral and write nothing", func(t *testing.T) {
		cases := []struct {
			name, cmd, want string
			user            discordsim.ID
			opts            map[string]any
		}{
			{"no permission", "kick", "Kick Members permission", member, map[string]any{"user": bob}},
			{"guild owner", "ban", "guild owner", mod, map[string]any{"user": owner}},
			{"the bot", "kick", "bot cannot", mod, map[string]any{"user": discordsim.ApplicationID}},
			{"unknown user", "ban", "unknown user", mod, map[string]any{"user": discordsim.ID(999999999999999999)}},
			{"not banned", "unban", "not banned", mod, map[string]any{"user": bob}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if r := w.g.Command(t, tc.user, tc.cmd, tc.opts).Content; !strings.Contains(r, tc.want) {
					t.Fatalf("/%s: %q, want it to say %q", tc.cmd, r, tc.want)
				}
			})
		}
	})

	t.Run("Discord refusing the action leaves a failed case", func(t *testing.T) {
		w.Sim.FailNext("DELETE /guilds/{guild}/members/{user}", 1, 403, 50013, "Missing Permissions")
		if r := w.g.Command(t, mod, "kick", map[string]any{"user": bob}).Content; !strings.Contains(r, "failed case #4") {
			t.Fatalf("/kick: %q", r)
		}
		if _, ok := w.Sim.Member(w.g.ID, bob); !ok {
			t.Fatal("bob was kicked after all")
		}
	})

	t.Run("dashboard API", func(t *testing.T) {
		var in moderation.Infraction
		if st := w.api(t, owner, "POST", "/infractions", map[string]any{"type": "warn", "userId": bob.String(), "reason": "from the dashboard"}, &in); st != http.StatusCreated || in.Number != 5 || in.ModeratorID != owner.String() {
			t.Fatalf("POST infractions: %d %+v", st, in)
		}
		if st := w.api(t, owner, "PATCH", "/infractions/5", map[string]any{"status": "pardoned"}, &in); st != http.StatusOK || in.Status != moderation.StatusPardoned {
			t.Fatalf("PATCH infractions: %d %+v", st, in)
		}
		bad := []struct {
			method, path string
			body         any
			status       int
		}{
			{"POST", "/infractions", map[string]any{"type": "ban", "userId": owner.String()}, 400},
			{"POST", "/infractions", map[string]any{"type": "timeout", "userId": bob.String(), "durationSeconds": 3}, 400},
			{"POST", "/infractions", map[string]any{"type": "warn", "userId": bob.String(), "mood": "angry"}, 400},
			{"POST", "/rules", map[string]any{"name": "r", "trigger": map[string]any{"type": "regex", "pattern": "(a"}, "actions": []any{map[string]any{"type": "delete"}}}, 400},
			{"PATCH", "/infractions/99", map[string]any{"reason": "x"}, 404},
			{"GET", "/infractions?colour=red", nil, 400},
		}
		for _, b := range bad {
			var e struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if st := w.api(t, owner, b.method, b.path, b.body, &e); st != b.status || e.Error.Message == "" {
				t.Errorf("%s %s: %d %+v, want %d with a message", b.method, b.path, st, e, b.status)
			}
		}

		rule := map[string]any{"name": "No scams", "enabled": true, "trigger": map[string]any{"type": "words", "words": []string{"scam"}},
			"conditions": map[string]any{"ignoredRoles": []string{}, "ignoredChannels": []string{}, "minAccountAgeDays": 0},
			"actions":    []any{map[string]any{"type": "delete"}, map[string]any{"type": "warn", "points": 1}}}
		var r moderation.Rule
		if st := w.api(t, owner, "POST", "/rules", rule, &r); st != http.StatusCreated || r.Version != 1 {
			t.Fatalf("POST rules: %d %+v", st, r)
		}
		if st := w.api(t, owner, "PATCH", "/rules/"+r.ID, map[string]any{"enabled": false}, &r); st != http.StatusOK || r.Enabled {
			t.Fatalf("PATCH rule: %d %+v", st, r)
		}
		rule["version"] = r.Version
		if st := w.api(t, owner, "PUT", "/rules/"+r.ID, rule, &r); st != http.StatusOK || !r.Enabled || r.Version != 3 {
			t.Fatalf("PUT rule: %d %+v", st, r)
		}
		if st := w.api(t, owner, "PUT", "/rules/"+r.ID, rule, nil); st != http.StatusConflict {
			t.Fatalf("stale PUT rule: %d", st)
		}

		// Automod deletes the message on Discord and opens a case.
		if _, err := w.Sim.SendMessage(w.general, bob, "this is a SCAM, click here"); err != nil {
			t.Fatal(err)
		}
		plugintest.Eventually(t, "automod to delete the message", func() bool {
			return len(w.Sim.CallsTo("DELETE /channels/{channel}/messages/{message}")) == 1
		})
		auto := plugintest.Decode[moderation.Infraction](t, dash.WaitCount(t, "moderation:infraction_created", 6)[5])
		if auto.Source != moderation.SourceAutomod || auto.RuleID != r.ID || auto.TargetID != bob.String() {
			t.Fatalf("automod case: %+v", auto)
		}

		var presets []moderation.Preset
		if st := w.api(t, owner, "GET", "/presets", nil, &presets); st != http.StatusOK || !presets[0].Builtin {
			t.Fatalf("GET presets: %d %+v", st, presets)
		}
		if st := w.api(t, owner, "POST", "/presets/builtin-basic/apply", map[string]any{}, nil); st != http.StatusOK {
			t.Fatalf("apply preset: %d", st)
		}
		if st := w.api(t, owner, "DELETE", "/rules/"+r.ID, nil, nil); st != http.StatusNoContent {
			t.Fatalf("DELETE rule: %d", st)
		}

		var page moderation.CasePage
		if st := w.api(t, owner, "GET", "/infractions?user="+alice.String()+"&limit=2", nil, &page); st != http.StatusOK || len(page.Items) != 2 || page.NextCursor == "" {
			t.Fatalf("first page: %d %+v", st, page)
		}
		if st := w.api(t, owner, "GET", "/infractions?user="+alice.String()+"&cursor="+page.NextCursor, nil, &page); st != http.StatusOK || len(page.Items) != 1 || page.Items[0].Number != 1 {
			t.Fatalf("second page: %d %+v", st, page)
		}
		var stats moderation.Stats
		if st := w.api(t, owner, "GET", "/stats", nil, &stats); st != http.StatusOK || stats.ActiveBans != 1 || stats.ByType[moderation.TypeWarn] != 3 || len(stats.CasesPerDay) != 30 {
			t.Fatalf("stats: %d %+v", st, stats)
		}
	})

	t.Run("two moderators at once get distinct cases", func(t *testing.T) {
		var its []*discordsim.Interaction
		for _, u := range []discordsim.ID{mod, owner} {
			it, err := w.g.Invoke(w.general, u, "warn", map[string]any{"user": bob, "reason": "at once"})
			if err != nil {
				t.Fatal(err)
			}
			its = append(its, it)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		for _, it := range its {
			if _, err := it.Wait(ctx); err != nil {
				t.Fatal(err)
			}
		}
		dash.WaitCount(t, "moderation:infraction_created", 8)
	})

	// Every event reached the dashboard exactly once, in order.
	created := dash.WaitCount(t, "moderation:infraction_created", 8)
	var numbers []int64
	for _, f := range created {
		in := plugintest.Decode[moderation.Infraction](t, f)
		if f.GuildID != g || in.UpdatedBy == "" {
			t.Fatalf("infraction_created frame: %+v", f)
		}
		numbers = append(numbers, in.Number)
	}
	if fmt.Sprint(numbers[:6]) != "[1 2 3 4 5 6]" || !slices.Contains(numbers[6:], 7) || !slices.Contains(numbers[6:], 8) || len(numbers) != 8 {
		t.Fatalf("case numbers in the frames: %v", numbers)
	}
	if failed := plugintest.Decode[moderation.Infraction](t, created[3]); failed.Status != moderation.StatusFailed || failed.Error == "" {
		t.Fatalf("case 4 should be failed: %+v", failed)
	}
	for name, n := range map[string]int{"moderation:config_updated": 1, "moderation:rule_created": 3, "moderation:rule_updated": 2,
		"moderation:rule_deleted": 1, "moderation:infraction_updated": 1} {
		if got := len(dash.WaitCount(t, name, n)); got != n {
			t.Errorf("%s: %d frames, want %d", name, got, n)
		}
	}
	var last uint64
	for _, f := range dash.Frames("") {
		if f.Seq != 0 {
			if f.Seq <= last {
				t.Fatalf("frames out of order: seq %d after %d", f.Seq, last)
			}
			last = f.Seq
		}
	}
}

// TestTemporaryBanLiftedAfterRestart bans a member for a while, lets the
// ban run out while Warden is down, and checks that the restarted
// scheduler lifts it on Discord.
func TestTemporaryBanLiftedAfterRestart(t *testing.T) {
	dataDir := t.TempDir()
	w := startWorld(t, dataDir, "1h")
	if r := w.g.Command(t, mod, "ban", map[string]any{"user": alice, "minutes": 5}).Content; !strings.Contains(r, "Case #1") {
		t.Fatalf("/ban: %q", r)
	}
	// Five minutes pass while Warden is down.
	cases := store.View[moderation.Infraction](w.Core.Store(), "moderation_cases")
	first, err := cases.FindOne(context.Background(), store.Where("guildId", w.g.ID.String()).Where("number", 1))
	if err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Second).UTC()
	if _, err := cases.Update(context.Background(), first.ID, func(c *moderation.Infraction) error { c.ExpiresAt = &past; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := w.Stop(); err != nil {
		t.Fatal(err)
	}

	w = startWorld(t, dataDir, "50ms")
	plugintest.Eventually(t, "the unban", func() bool {
		for _, c := range w.Sim.CallsTo("DELETE /guilds/{guild}/bans/{user}") {
			if strings.HasSuffix(c.Path, "/"+alice.String()) {
				return true
			}
		}
		return false
	})
	plugintest.Eventually(t, "the case to expire", func() bool {
		in, err := w.svc.Case(context.Background(), w.g.ID.String(), 1)
		return err == nil && in.Status == moderation.StatusExpired && in.UpdatedBy == moderation.SystemActor
	})
}
