package moderation

import (
	"context"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestExpiredPointsAreLiftedAfterRestart opens a warning whose points
// expire, lets its expiry pass while Warden is down, and checks that the
// restarted scheduler expires it.
func TestExpiredPointsAreLiftedAfterRestart(t *testing.T) {
	dataDir := t.TempDir()
	cfg := testenv.Config(t, func(c *core.Config) {
		c.DataDir = dataDir
		c.Plugins = map[string]core.PluginConfig{ID: pluginConfig(t, "sweepInterval: 1h")}
	})
	first := core.New(cfg, core.Options{Logger: testenv.Logger(t)})
	if err := first.Start(ctx(t)); err != nil {
		t.Fatal(err)
	}
	svc := service(t, first)
	mcfg, _ := svc.Config(ctx(t), guildA)
	mcfg.PointsExpireDays = 1
	if _, err := svc.SaveConfig(ctx(t), guildA, mcfg, modA); err != nil {
		t.Fatal(err)
	}
	w, err := svc.Act(ctx(t), ActionRequest{GuildID: guildA, Type: TypeWarn, TargetID: userX, ModeratorID: modA, Reason: "late"})
	if err != nil || w.ExpiresAt == nil || w.ExpiresAt.Before(time.Now().Add(23*time.Hour)) {
		t.Fatalf("warning with expiring points: %+v %v", w, err)
	}
	// A day passes while Warden is down.
	past := time.Now().Add(-time.Minute).UTC()
	if _, err := svc.st.cases.Update(ctx(t), w.ID, func(c *Infraction) error { c.ExpiresAt = &past; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := first.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}

	_, svc = startCore(t, dataDir, "sweepInterval: 50ms")
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := svc.Case(ctx(t), guildA, w.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == StatusExpired {
			if got.UpdatedBy != SystemActor || len(got.Edits) != 1 {
				t.Fatalf("expired case: %+v", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("case still %s after the restart", got.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if pts, err := svc.activePoints(ctx(t), guildA, userX); err != nil || pts != 0 {
		t.Fatalf("expired points still count: %d %v", pts, err)
	}
}

func TestCrossedThreshold(t *testing.T) {
	ts := []Threshold{{Points: 3, Action: TypeTimeout}, {Points: 5, Action: TypeKick}, {Points: 8, Action: TypeBan}}
	cases := []struct {
		before, after int
		want          CaseType
	}{
		{0, 2, ""}, {2, 3, TypeTimeout}, {3, 4, ""}, {4, 9, TypeBan}, {5, 5, ""}, {2, 6, TypeKick},
	}
	for _, tc := range cases {
		got, ok := crossedThreshold(ts, tc.before, tc.after)
		if (tc.want == "") == ok || (ok && got.Action != tc.want) {
			t.Errorf("%d→%d: got %v %v, want %q", tc.before, tc.after, got, ok, tc.want)
		}
	}
}
