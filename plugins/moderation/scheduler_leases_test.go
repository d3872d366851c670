package moderation

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/internal/testenv"
)

// leaseView reads the core's lease records.
type leaseView struct {
	store.Meta
	Holder string `json:"holder"`
}

// TestTemporaryBansAreLiftedOnceAcrossProcesses runs two Warden processes
// on one shared store, each with one of two Discord shards. Temporary bans
// expire one after another; the process running the expiry sweep is
// killed with SIGKILL halfway through. Every ban must be lifted exactly
// once: none twice (by both processes), none skipped (by the kill).
func TestTemporaryBansAreLiftedOnceAcrossProcesses(t *testing.T) {
	sim := testenv.StartSim(t, discordsim.WithGuilds(1))
	// A slow unban widens the window in which two sweeping processes would
	// both lift the same ban: without the lease, this test sees it.
	sim.SlowRoute("DELETE /guilds/{guild}/bans/{user}", 300*time.Millisecond)
	guild := sim.Guilds()[0].String()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "warden.yaml")
	if err := os.WriteFile(cfgFile, []byte("plugins:\n  moderation:\n    config:\n      sweepInterval: 100ms\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var procs []*plugintest.Process
	for i := range 2 {
		env := plugintest.ProcessEnv(t, sim)
		env["WARDEN_CONFIG"] = cfgFile
		env["DATA_DIR"] = filepath.Join(dir, "data")
		env["STORE_SHARED"] = "true"
		env["LEASE_TTL"] = "2s"
		env["DISCORD_SHARDS"] = strconv.Itoa(i) + "/2"
		procs = append(procs, plugintest.StartProcess(t, env))
	}

	ctx := context.Background()
	drv, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: filepath.Join(dir, "data"), Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	db := store.New(drv)
	t.Cleanup(func() { _ = db.Close() })
	cases, err := store.Declare[Infraction](ctx, db, ID+"_"+collCases, caseIndexes...)
	if err != nil {
		t.Fatal(err)
	}
	leases, err := store.Declare[leaseView](ctx, db, "core_leases")
	if err != nil {
		t.Fatal(err)
	}
	holder := func() *plugintest.Process {
		l, err := leases.Get(ctx, ID+":scheduler")
		if err != nil {
			return nil
		}
		for _, p := range procs {
			if strings.Contains(l.Holder, "/"+strconv.Itoa(p.Pid())+"/") {
				return p
			}
		}
		return nil
	}
	var sweeper *plugintest.Process
	testenv.Eventually(t, time.Minute, "one process to hold the scheduler's lease", func() bool {
		sweeper = holder()
		return sweeper != nil
	})

	// Sixteen temporary bans, expiring 400 ms apart from a second from now.
	const n = 16
	start := time.Now().Add(time.Second)
	targets := make([]string, n)
	for i := range n {
		targets[i] = strconv.FormatInt(900_000_000_000_000_000+int64(i), 10)
		at := start.Add(time.Duration(i) * 400 * time.Millisecond)
		in := &Infraction{GuildID: guild, Type: TypeBan, TargetID: targets[i], ModeratorID: "1",
			Source: SourceManual, Reason: "lease test", DurationSeconds: 60, ExpiresAt: &at,
			Status: StatusActive, Edits: []Edit{}, CreatedAt: at.Add(-time.Minute), UpdatedAt: at.Add(-time.Minute)}
		if _, err := cases.InsertNumbered(ctx, in, "number"); err != nil {
			t.Fatal(err)
		}
	}
	expired := func() int {
		c, err := cases.Count(ctx, store.Where("guildId", guild).Where("type", TypeBan).Where("status", StatusExpired))
		if err != nil {
			t.Fatal(err)
		}
		return int(c)
	}
	testenv.Eventually(t, time.Minute, "the first bans to be lifted", func() bool { return expired() >= 4 })
	sweeper.Kill()
	testenv.Eventually(t, 2*time.Minute, "every ban to be lifted after the kill", func() bool { return expired() == n })
	unbans := map[string]int{}
	for _, c := range sim.CallsTo("DELETE /guilds/{guild}/bans/{user}") {
		unbans[c.Path[strings.LastIndex(c.Path, "/")+1:]]++
	}
	for i, u := range targets {
		if unbans[u] != 1 {
			t.Errorf("ban %d (user %s) was lifted on Discord %d times, want once", i+1, u, unbans[u])
		}
	}
	if h := holder(); h == nil || h == sweeper {
		t.Errorf("the lease did not move to the surviving process")
	}
}
