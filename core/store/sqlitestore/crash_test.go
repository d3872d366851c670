package sqlitestore_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/core/store/sqlitestore"
)

// crashEnv makes the test binary a writer that is killed mid-stream.
const crashEnv = "WARDEN_SQLITE_CRASH_WRITER"

type note struct {
	store.Meta
	N int `json:"n"`
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		os.Exit(crashWriter(dir))
	}
	os.Exit(m.Run())
}

// crashWriter inserts documents until it is killed, printing the id of
// each one the store acknowledged.
func crashWriter(dir string) int {
	ctx := context.Background()
	d, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: dir, Synchronous: os.Getenv("STORE_SYNC")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	notes, err := store.Declare[note](ctx, store.New(d), "notes")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		doc := &note{N: i}
		if err := notes.Insert(ctx, doc); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Fprintln(out, doc.ID)
		out.Flush()
	}
}

// TestKillNineLosesNothingAcknowledged kills a writer with SIGKILL in the
// middle of a stream of inserts and checks that every insert it was told
// had committed is there after a restart, for both durability settings.
func TestKillNineLosesNothingAcknowledged(t *testing.T) {
	for _, sync := range []string{"normal", "full"} {
		t.Run(sync, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), crashEnv+"="+dir, "STORE_SYNC="+sync)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var acked []string
			lines := bufio.NewScanner(stdout)
			for lines.Scan() {
				acked = append(acked, lines.Text())
				if len(acked) == 300 {
					if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
						t.Fatal(err)
					}
				}
			}
			_ = cmd.Wait()
			if len(acked) < 300 {
				t.Fatalf("the writer stopped after %d inserts: %s", len(acked), stderr.String())
			}

			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			d, err := sqlitestore.Open(ctx, sqlitestore.Options{Dir: dir})
			if err != nil {
				t.Fatalf("reopen after SIGKILL: %v", err)
			}
			db := store.New(d)
			defer db.Close()
			notes, err := store.Declare[note](ctx, db, "notes")
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range acked {
				if _, err := notes.Get(ctx, id); err != nil {
					t.Fatalf("acknowledged insert %s lost after SIGKILL (%d acknowledged): %v", id, len(acked), err)
				}
			}
		})
	}
}
