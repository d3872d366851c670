package multi

import (
	"encoding/json"
	"net/http"
	"testing"
)

// received tracks the room's events as one client sees them, across
// connections.
type received struct {
	t        *testing.T
	lastSeq  uint64
	epoch    string
	versions []int64 // of dashboard:settings_updated, in order
}

// take checks that f continues the room's sequence and records it.
func (r *received) take(f frame) {
	r.t.Helper()
	if f.Seq == 0 {
		return
	}
	if f.Seq != r.lastSeq+1 {
		r.t.Fatalf("event %s has seq %d after %d: a gap or a duplicate", f.Event, f.Seq, r.lastSeq)
	}
	r.lastSeq = f.Seq
	if f.Event == "dashboard:settings_updated" {
		var doc struct {
			Version int64 `json:"version"`
		}
		if err := json.Unmarshal(f.Data, &doc); err != nil {
			r.t.Fatalf("settings_updated payload %s: %v", f.Data, err)
		}
		r.versions = append(r.versions, doc.Version)
	}
}

// readUntilVersion reads events until settings version v has arrived.
func (r *received) readUntilVersion(c *gwClient, v int64) {
	r.t.Helper()
	for len(r.versions) == 0 || r.versions[len(r.versions)-1] < v {
		f, err := c.read()
		if err != nil {
			r.t.Fatalf("waiting for settings version %d (have %v): %v", v, r.versions, err)
		}
		r.take(f)
	}
}

// subscribe joins the room, resuming after what was received when there
// was anything, and records the head.
func (r *received) subscribe(c *gwClient, guild string) error {
	msg := map[string]any{"type": "subscribe", "guildId": guild}
	if r.epoch != "" {
		msg["since"], msg["epoch"] = r.lastSeq, r.epoch
	}
	if err := c.send(msg); err != nil {
		return err
	}
	f, err := c.until("subscribed")
	if err != nil {
		return err
	}
	var head struct {
		Seq   uint64 `json:"seq"`
		Epoch string `json:"epoch"`
	}
	if err := json.Unmarshal(f.Data, &head); err != nil {
		return err
	}
	if r.epoch == "" {
		r.lastSeq = head.Seq
	} else if head.Epoch != r.epoch {
		r.t.Fatalf("the room's epoch changed from %s to %s: the instances do not share the sequence", r.epoch, head.Epoch)
	}
	r.epoch = head.Epoch
	return nil
}

func testResumeAfterCrash(t *testing.T, c *cluster, admin api, guild string) {
	rec := &received{t: t}
	origin := c.proxy.httpURL()
	client, err := dialGateway(t, c.proxy.wsURL(), origin, admin.token("ws"))
	if err != nil {
		t.Fatalf("connect through the proxy: %v", err)
	}
	defer func() { client.close() }()
	if err := rec.subscribe(client, guild); err != nil {
		t.Fatalf("subscribe: %v", err)
	}

	// Which instance holds the connection: the one whose gauge counts it.
	var victim *instance
	c.await("the gateway connection counted on one instance", func() bool {
		victim = nil
		for _, in := range c.instances {
			if wsConnections(in) == 1 {
				victim = in
			}
		}
		return victim != nil
	})
	var survivors []*instance
	for _, in := range c.instances {
		if in != victim {
			survivors = append(survivors, in)
		}
	}
	t.Logf("the client is on %s", victim.name)

	// Events published on every instance reach it, in one sequence.
	var v int64
	for _, in := range c.instances {
		v = admin.bumpSettings(in.url(), guild)
	}
	rec.readUntilVersion(client, v)

	victim.kill()
	t.Logf("%s killed with SIGKILL", victim.name)
	// The connection drops with the instance.
	for {
		if _, err := client.read(); err != nil {
			break
		}
	}
	client.close()

	// Events published while the client is away, on the survivors and
	// through the proxy: every request through the proxy succeeds (nginx
	// passes a refused one to the next instance).
	first := v + 1
	for i := range 4 {
		v = admin.bumpSettings(survivors[i%len(survivors)].url(), guild)
	}
	for range 2 * len(c.instances) {
		v = admin.bumpSettings(c.proxy.httpURL(), guild)
		if st, _ := admin.do(http.MethodGet, c.proxy.httpURL()+"/api/auth/me", nil, nil, nil); st != http.StatusOK {
			t.Fatalf("GET /api/auth/me through the proxy after the crash: %d", st)
		}
	}

	// Reconnect through the proxy, as a client does after close 1006
	// (with backoff; here Eventually's pause between tries), and resume.
	var lastErr error
	c.await("a reconnect through the proxy", func() bool {
		client, lastErr = dialGateway(t, c.proxy.wsURL(), origin, admin.token("ws"))
		if lastErr != nil {
			t.Logf("reconnect: %v", lastErr)
			return false
		}
		return true
	})
	if err := rec.subscribe(client, guild); err != nil {
		t.Fatalf("resume: %v", err)
	}
	rec.readUntilVersion(client, v)
	// And live events after the resume.
	v = admin.bumpSettings(c.proxy.httpURL(), guild)
	rec.readUntilVersion(client, v)

	// Every version published after the crash arrived, once, in order.
	var after []int64
	for _, x := range rec.versions {
		if x >= first {
			after = append(after, x)
		}
	}
	for i, x := range after {
		if x != first+int64(i) {
			t.Fatalf("settings versions after the crash: %v, want %d..%d with none missing", after, first, v)
		}
	}
	if int64(len(after)) != v-first+1 {
		t.Fatalf("settings versions after the crash: %v, want %d..%d", after, first, v)
	}
	var now *instance
	for _, in := range survivors {
		if wsConnections(in) == 1 {
			now = in
		}
	}
	if now != nil {
		t.Logf("resumed on %s at seq %d, %d events after the crash", now.name, rec.lastSeq, len(after))
	}

	// New upgrades through the proxy all open: none is sent to the dead
	// instance and refused.
	for i := range 2 * len(c.instances) {
		g, err := dialGateway(t, c.proxy.wsURL(), origin, admin.token("ws"))
		if err != nil {
			t.Fatalf("upgrade %d through the proxy after the crash: %v", i+1, err)
		}
		g.close()
	}
}
