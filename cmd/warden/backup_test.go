package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/ferrettest"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestBackupMovesAStoreToMongoDBAndBack runs a core on the embedded store,
// records activity and saves a guild's settings, then moves the data with
// `warden backup` and `warden restore` to a MongoDB-wire server and from
// there to a fresh embedded store, where a core finds all of it.
func TestBackupMovesAStoreToMongoDBAndBack(t *testing.T) {
	ctx := context.Background()
	first := testenv.Config(t)
	c := core.New(first, core.Options{Logger: testenv.Logger(t)})
	stop := testenv.Start(t, c)
	const guild = "300000000000000001"
	for i := range 25 {
		err := c.RecordActivity(ctx, core.Activity{Type: core.ActivitySuccess, Kind: "command", GuildID: guild,
			UserID: fmt.Sprintf("2000000000000000%02d", i), Message: fmt.Sprintf("run %d", i), Timestamp: time.Now().Add(-time.Duration(i) * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
	}
	stop() // the embedded store takes one process at a time

	dumpA, dumpB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	code, out, errOut := runCLI(t, map[string]string{"DATA_DIR": first.DataDir}, "backup", "--out", dumpA)
	if code != 0 || !strings.Contains(out, "from the sqlite store") {
		t.Fatalf("backup of the embedded store: exit %d, %s%s", code, out, errOut)
	}

	mongo := ferrettest.StartT(t)
	code, out, errOut = runCLI(t, map[string]string{"MONGODB_URI": mongo.URI}, "restore", "--from", dumpA)
	if code != 0 || !strings.Contains(out, "into the mongo store") {
		t.Fatalf("restore into MongoDB: exit %d, %s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, map[string]string{"MONGODB_URI": mongo.URI}, "restore", "--from", dumpA)
	if code != 1 || !strings.Contains(errOut, "--replace") && !strings.Contains(errOut, "Replace") && !strings.Contains(errOut, "not empty") {
		t.Fatalf("a second restore onto the same data: exit %d, %s; want a refusal", code, errOut)
	}
	code, out, errOut = runCLI(t, map[string]string{"MONGODB_URI": mongo.URI}, "backup", "--out", dumpB)
	if code != 0 || !strings.Contains(out, "from the mongo store") {
		t.Fatalf("backup of MongoDB: exit %d, %s%s", code, out, errOut)
	}

	last := testenv.Config(t)
	code, out, errOut = runCLI(t, map[string]string{"DATA_DIR": last.DataDir}, "restore", "--from", dumpB)
	if code != 0 {
		t.Fatalf("restore into a fresh embedded store: exit %d, %s%s", code, out, errOut)
	}
	c = testenv.Core(t, last, core.Options{})
	recent, err := c.RecentActivity(ctx, guild, 100)
	if err != nil || len(recent) != 25 {
		t.Fatalf("after the round trip: %d activities (%v), want 25", len(recent), err)
	}
	if recent[0].Message != "run 0" || recent[0].UserID == "" {
		t.Fatalf("newest activity after the round trip: %+v", recent[0])
	}
	f, err := c.ActivityFigures(ctx, guild, time.Now())
	if err != nil || f.CommandsThisMonth == 0 {
		t.Fatalf("rollups after the round trip: %+v, %v", f, err)
	}
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"backup without --out", nil, []string{"backup"}, 2, "usage: warden backup"},
		{"restore without --from", nil, []string{"restore"}, 2, "usage: warden restore"},
		{"restore from nothing", map[string]string{"DATA_DIR": dir}, []string{"restore", "--from", filepath.Join(dir, "missing")}, 1, "manifest"},
		{"backup from an unreachable MongoDB", map[string]string{"MONGODB_URI": "mongodb://127.0.0.1:1"}, []string{"backup", "--wait", "1s", "--out", filepath.Join(dir, "x")}, 1, "MONGODB_URI"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.env, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tc.code, tc.want)
			}
		})
	}
}
