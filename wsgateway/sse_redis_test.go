package wsgateway

import (
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

// An SSE stream cut on one instance resumes on another from its
// Last-Event-ID: the ids carry the broker's seq and epoch, which every
// instance shares through Redis.
func TestSSEResumesAcrossInstances(t *testing.T) {
	rd := testenv.StartRedis(t)
	withRedis := func(c *core.Config) { c.RedisURL = rd.URL }
	a, b := startEnv(t, withRedis), startEnv(t, withRedis)
	s := a.openSSE(t, userAlice, "", guildA)
	s.expect("subscribed")
	broadcast(t, b.core, guildA, "gwalpha:happened", 1)
	if ev := s.expect("gwalpha:happened"); ev.Seq != 1 {
		t.Fatalf("seq %d", ev.Seq)
	}
	s.cancel()
	for i := 2; i <= 3; i++ {
		broadcast(t, a.core, guildA, "gwalpha:happened", i)
	}
	r := b.openSSE(t, userAlice, s.lastID, guildA)
	r.expect("subscribed")
	for want := uint64(2); want <= 3; want++ {
		if ev := r.expect("gwalpha:happened"); ev.Seq != want {
			t.Fatalf("replayed seq %d, want %d", ev.Seq, want)
		}
	}
	broadcast(t, a.core, guildA, "gwalpha:happened", 4)
	if ev := r.expect("gwalpha:happened"); ev.Seq != 4 {
		t.Fatalf("live seq %d", ev.Seq)
	}
}
