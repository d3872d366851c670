package plugintest_test

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
)

// fakeT records failures instead of failing the test, to check that the
// kit fails when it should.
type fakeT struct {
	testing.TB
	mu     sync.Mutex
	failed []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = append(f.failed, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatalf(format string, args ...any) { f.Errorf(format, args...); runtime.Goexit() }

// run runs fn as a test on its own goroutine, as testing does, and
// returns its failures.
func (f *fakeT) run(fn func()) []string {
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func TestKit(t *testing.T) {
	w := plugintest.Start(t, plugintest.WithSim(discordsim.WithGuilds(2), discordsim.WithMembers(6)))
	g := w.Guild(t, 2)
	alex, sam := g.Member(t, "alex"), g.Member(t, "sam")
	dash := g.Dashboard(t, plugintest.Owner)

	t.Run("the world is named and deterministic", func(t *testing.T) {
		if g.ID != discordsim.GuildID(2) || alex != discordsim.UserID(3) || g.Role(t, "Moderator") != discordsim.RoleID(2, discordsim.RoleModerator) {
			t.Fatalf("guild %s, alex %s", g.ID, alex)
		}
		if g.Channel(t, "general") == g.Channel(t, "mod-log") {
			t.Fatal("channels share an id")
		}
	})

	t.Run("a frame that arrives twice fails Await", func(t *testing.T) {
		for _, text := range []string{"one", "two"} {
			g.Command(t, sam, "idea post", map[string]any{"text": text})
		}
		dash.WaitCount(t, "ideas:idea_posted", 2)
		ft := &fakeT{TB: t}
		failed := ft.run(func() { dash.Await(ft, "ideas:idea_posted") })
		if len(failed) != 1 || !strings.Contains(failed[0], "arrived 2 times, awaited 1") {
			t.Fatalf("failures: %q", failed)
		}
		// The second is awaited too, so the end-of-test check passes.
		if n := plugintest.Decode[map[string]any](t, dash.Await(t, "ideas:idea_posted"))["number"]; n != 2.0 {
			t.Fatalf("second idea_posted: number %v", n)
		}
	})

	t.Run("an ephemeral refusal from a subcommand", func(t *testing.T) {
		if r := g.Command(t, sam, "idea show", map[string]any{"number": 9}); !r.Ephemeral || r.Content != "There is no idea #9." {
			t.Fatalf("reply %+v", r)
		}
	})

	t.Run("roles change access, requests run from many goroutines", func(t *testing.T) {
		if st := g.Call(t, alex, "PUT", "ideas/1/status", map[string]string{"status": "open"}, nil); st != http.StatusForbidden {
			t.Fatalf("alex without a role: %d", st)
		}
		g.SetRoles(t, alex, g.Role(t, "Moderator"))
		c := g.As(t, alex)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := c.Do("PUT", "ideas/1/status", map[string]string{"status": fmt.Sprint("s", i)}, nil)
				if err == nil && st != http.StatusOK {
					err = fmt.Errorf("status %d", st)
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if frames := dash.WaitCount(t, "ideas:status_changed", 6); len(frames) != 6 || frames[0].GuildID != g.ID.String() {
			t.Fatalf("status_changed frames: %+v", frames)
		}
	})

	t.Run("bot-wide routes and the global room", func(t *testing.T) {
		var guilds []map[string]any
		if st := w.As(t, alex).Call(t, "GET", "guilds", nil, &guilds); st != http.StatusOK || len(guilds) != 1 {
			t.Fatalf("GET /api/guilds as alex: %d %v", st, guilds)
		}
		global := w.Dashboard(t, plugintest.Owner)
		global.Subscribe(t, "global")
	})
}
