package main

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/testenv"
)

// TestMain lets the test binary be the bench's server process, as the bench
// binary is when it runs.
func TestMain(m *testing.M) {
	if os.Getenv(roleEnv) == "server" {
		if err := serve(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The load generator itself is checked end to end at a small scale: every
// event it publishes must reach every client, once and in order, in each
// of its modes. Its figures are not asserted (they are measurements).
func TestBenchModes(t *testing.T) {
	redis := testenv.StartRedis(t)
	base := options{clients: 24, rooms: 3, rate: 20, duration: time.Second, parallel: 4}
	cases := []struct {
		name string
		edit func(*options)
		idle bool
	}{
		{"one instance", func(*options) {}, false},
		{"two instances over redis", func(o *options) { o.redis = redis.URL }, false},
		{"floor", func(o *options) { o.floor, o.rooms = true, 1 }, false},
		{"idle", func(o *options) { o.rate, o.duration = 0, 100*time.Millisecond }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			tc.edit(&o)
			var out bytes.Buffer
			res, err := run(&out, o)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			if res.closed != 0 {
				t.Fatalf("%d clients closed by the server\n%s", res.closed, out.String())
			}
			if tc.idle {
				return
			}
			if res.want == 0 || res.got != res.want || res.gaps != 0 {
				t.Fatalf("delivered %d of %d with %d gaps\n%s", res.got, res.want, res.gaps, out.String())
			}
		})
	}
}

func TestBenchRefusesBadOptions(t *testing.T) {
	for _, o := range []options{
		{clients: 0, rooms: 1, parallel: 1},
		{clients: 1, rooms: 1, rate: -1, parallel: 1},
		{clients: 1, rooms: 2, parallel: 1, floor: true},
	} {
		if _, err := run(&bytes.Buffer{}, o); err == nil {
			t.Errorf("run(%+v) = nil error", o)
		}
	}
}
