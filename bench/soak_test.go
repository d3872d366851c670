package main

import (
	"bytes"
	"testing"
	"time"
)

// TestSoakWithChurnAndAKilledInstance is the short soak the suite runs:
// two instances over Redis, clients connecting and disconnecting every
// second while events flow to every room, and one instance killed with
// SIGKILL halfway. Its clients must resume on the other instance with no
// event lost or repeated, every client must end at its room's last seq,
// and once every client is gone the surviving instance must be back to
// its goroutines, descriptors and heap from before, and Redis to its keys.
// Nothing here depends on the machine's speed: the figures the soak
// prints are not asserted.
func TestSoakWithChurnAndAKilledInstance(t *testing.T) {
	o := soakOptions{instances: 2, clients: 300, rooms: 10, rate: 5, churn: 20, parallel: 8,
		duration: 40 * time.Second, every: 10 * time.Second, fault: "kill-instance", faultAt: 20 * time.Second, faultFor: 5 * time.Second}
	var out bytes.Buffer
	res, err := soak(&out, o)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if res.received == 0 || res.lost != 0 || res.dupes != 0 || res.resyncs != 0 {
		t.Errorf("received %d, lost %d, duplicated %d, resyncs %d: want events and no loss, repeat or resync", res.received, res.lost, res.dupes, res.resyncs)
	}
	if res.serverShut != 0 {
		t.Errorf("the running instances closed %d connections", res.serverShut)
	}
	if res.resumed == 0 {
		t.Errorf("no client resumed after the kill")
	}
	if res.tailBehind != 0 {
		t.Errorf("%d clients did not reach their room's last event", res.tailBehind)
	}
	base, end := res.base[0], res.end[0] // the first instance survives
	// Redis connections stay pooled once opened; the instance's own share
	// is not told apart, so all of them may account for descriptors.
	pooled := res.redisConnsEnd
	if end.Goroutines > base.Goroutines+5 {
		t.Errorf("goroutines: %d before the clients, %d after them", base.Goroutines, end.Goroutines)
	}
	if int64(end.FDs-base.FDs) > pooled+2 {
		t.Errorf("file descriptors: %d before the clients, %d after them, with %d Redis connections open", base.FDs, end.FDs, pooled)
	}
	if end.HeapInuse > base.HeapInuse+4<<20 {
		t.Errorf("heap in use: %d bytes before the clients, %d after them", base.HeapInuse, end.HeapInuse)
	}
	if res.keysEnd != res.keysWarm {
		t.Errorf("redis keys: %d after the warm-up, %d at the end", res.keysWarm, res.keysEnd)
	}
}

func TestSoakRefusesBadOptions(t *testing.T) {
	good := soakOptions{instances: 2, clients: 10, rooms: 2, rate: 1, churn: 1, parallel: 1, duration: time.Second, every: time.Second, faultAt: time.Second / 2}
	if err := good.check(); err != nil {
		t.Fatalf("good options refused: %v", err)
	}
	for name, edit := range map[string]func(*soakOptions){
		"no instances":           func(o *soakOptions) { o.instances = 0 },
		"churn over clients":     func(o *soakOptions) { o.churn = 11 },
		"unknown fault":          func(o *soakOptions) { o.fault = "flood" },
		"kill with one":          func(o *soakOptions) { o.fault, o.instances = "kill-instance", 1 },
		"fault after the end":    func(o *soakOptions) { o.faultAt = 2 * time.Second },
		"no rate":                func(o *soakOptions) { o.rate = 0 },
		"redis restart with one": func(o *soakOptions) { o.fault, o.instances = "redis-restart", 1 },
	} {
		o := good
		edit(&o)
		if err := o.check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
