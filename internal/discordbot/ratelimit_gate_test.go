package discordbot_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/warden-bot/warden/core"
)

// TestConcurrentPostsInOneChannel posts in one channel from several
// goroutines at once: every post lands. Under -race it also checks the
// bucket gate, without which disgo's limiter reads a bucket's fields
// while the request holding it writes them.
func TestConcurrentPostsInOneChannel(t *testing.T) {
	env := startRecorder(t)
	dc := env.rec.pc.Discord()
	ch := env.general.ID.String()
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := dc.Send(context.Background(), ch, core.Response{Content: fmt.Sprintf("post %d", i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	got := 0
	for _, m := range env.sim.Messages(env.general.ID) {
		for i := range n {
			if m.Content == fmt.Sprintf("post %d", i) {
				got++
			}
		}
	}
	if got != n {
		t.Fatalf("%d of %d posts landed", got, n)
	}
}
