package multi

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// TestSeveralInstancesBehindNginx runs three instances behind nginx and
// shows what an operator relies on; its steps share the deployment and
// run in order, the crash last.
func TestSeveralInstancesBehindNginx(t *testing.T) {
	c := startCluster(t, 3)
	guild := discordsim.GuildID(1).String()
	admin := api{t: t, secret: c.secret, user: discordsim.UserID(1).String()}

	t.Run("a dashboard signed in through one instance works through the others", func(t *testing.T) {
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar}
		req, _ := http.NewRequest(http.MethodPost, c.proxy.httpURL()+"/api/auth/demo-login", strings.NewReader("{}"))
		req.Header.Set("Origin", c.proxy.httpURL())
		req.Header.Set("Content-Type", "application/json")
		res, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		signedInAt := res.Header.Get("X-Warden-Upstream")
		if res.StatusCode != http.StatusOK || signedInAt == "" {
			t.Fatalf("demo login through the proxy: %d (upstream %q)", res.StatusCode, signedInAt)
		}
		// The session cookie, set by one instance, is honoured by every
		// instance, each asked directly.
		for _, in := range c.instances {
			res, err := browser.Get(in.url() + "/api/auth/me")
			if err != nil {
				t.Fatal(err)
			}
			var me struct {
				ID string `json:"id"`
			}
			_ = json.NewDecoder(res.Body).Decode(&me)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || me.ID != admin.user {
				t.Errorf("%s: GET /api/auth/me with the session from %s: %d %+v", in.name, signedInAt, res.StatusCode, me)
			}
		}
		// Through the proxy, with no stickiness, consecutive requests
		// reach every instance and all succeed.
		seen := map[string]bool{}
		for range 3 * len(c.instances) {
			res, err := browser.Get(c.proxy.httpURL() + "/api/guilds/" + guild + "/dashboard/settings")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET settings through the proxy: %d", res.StatusCode)
			}
			seen[res.Header.Get("X-Warden-Upstream")] = true
		}
		if len(seen) != len(c.instances) {
			t.Fatalf("the proxy sent the session's requests to %d instances (%v), want all %d", len(seen), seen, len(c.instances))
		}
	})

	t.Run("REST rate limits are per instance, keyed by the client behind the proxy", func(t *testing.T) {
		// /api/stats allows 60 requests a minute per client on each
		// instance (docs/scaling.md): behind the proxy, one client gets
		// more than 60 before its first 429, because each instance
		// counts its own share.
		client := http.Header{"X-Forwarded-For": {"203.0.113.7"}}
		ok := 0
		for {
			st, _ := admin.do(http.MethodGet, c.proxy.httpURL()+"/api/stats", nil, nil, client)
			if st == http.StatusTooManyRequests {
				break
			}
			if st != http.StatusOK {
				t.Fatalf("GET /api/stats: %d", st)
			}
			if ok++; ok > 10*60*len(c.instances) {
				t.Fatal("no 429 at all: the limit does not hold")
			}
		}
		if ok <= 60 {
			t.Fatalf("%d requests before the first 429: the limit is shared, docs/scaling.md says per instance", ok)
		}
		t.Logf("%d requests of one client through the proxy before its first 429", ok)
		// Another client behind the same proxy has its own buckets:
		// Warden reads X-Forwarded-For from its trusted proxy.
		if st, _ := admin.do(http.MethodGet, c.proxy.httpURL()+"/api/stats", nil, nil, http.Header{"X-Forwarded-For": {"203.0.113.8"}}); st != http.StatusOK {
			t.Fatalf("another client behind the proxy: %d, want 200", st)
		}
	})

	t.Run("a client of an instance killed with SIGKILL resumes through the proxy with no event lost", func(t *testing.T) {
		testResumeAfterCrash(t, c, admin, guild)
	})
}
