package dashboardapi_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// browser is an HTTP client with its own cookie jar that follows redirects
// by hand, keeping every response so tests can inspect each hop.
type browser struct {
	t      *testing.T
	client *http.Client
	hops   []reply
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches one URL without following a redirect.
func (b *browser) get(u string) reply {
	b.t.Helper()
	rs, err := b.client.Get(u)
	if err != nil {
		b.t.Fatalf("GET %s: %v", u, err)
	}
	defer rs.Body.Close()
	raw, _ := io.ReadAll(rs.Body)
	r := reply{status: rs.StatusCode, header: rs.Header, body: raw}
	b.hops = append(b.hops, r)
	return r
}

// location resolves a redirect's target against the URL that sent it.
func (b *browser) location(from string, r reply) string {
	b.t.Helper()
	if r.status != http.StatusFound {
		b.t.Fatalf("GET %s = %d, want a redirect: %s", from, r.status, r.body)
	}
	base, _ := url.Parse(from)
	loc, err := base.Parse(r.header.Get("Location"))
	if err != nil {
		b.t.Fatalf("bad Location %q", r.header.Get("Location"))
	}
	return loc.String()
}

// toCallback starts a login on the API and follows it through the
// simulator's consent page, stopping before the API's callback; it returns
// the callback URL the simulator redirected to.
func (b *browser) toCallback(e *simEnv) string {
	b.t.Helper()
	login := e.base + "/api/auth/login"
	authorize := b.location(login, b.get(login))
	if !strings.HasPrefix(authorize, e.sim.AuthorizeURL()+"?") {
		b.t.Fatalf("login redirected to %s, want the simulator's consent page", authorize)
	}
	callback := b.location(authorize, b.get(authorize))
	if !strings.HasPrefix(callback, e.base+"/api/auth/callback?") {
		b.t.Fatalf("consent redirected to %s, want the API's callback", callback)
	}
	return callback
}

// session returns the session cookie the jar holds for the API, if any.
func (b *browser) session(e *simEnv) string {
	u, _ := url.Parse(e.base + "/api/auth/me")
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "warden_session" {
			return c.Value
		}
	}
	return ""
}

// api calls an API route with the browser's cookies.
func (b *browser) api(e *simEnv, path string) reply { return b.get(e.base + path) }

func withQuery(t *testing.T, raw string, set map[string]string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, v := range set {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// The whole login through the simulated Discord's OAuth2 over real HTTP:
// the session cookie works, /me and /guilds show the user, and Discord's
// tokens never reach the browser.
func TestOAuthLoginThroughSimulatedDiscord(t *testing.T) {
	e := startSim(t)
	cases := []struct {
		name     string
		user     int
		username string
		guilds   []string
	}{
		{"owner of both guilds", 1, "demo-admin", []string{simGuild1, simGuild2}},
		{"moderator with Manage Server", 2, "mod-mia", []string{simGuild1, simGuild2}},
		{"plain member", 5, "jordan", []string{}},
		{"user in no guild", simMembers + 1, "", []string{}},
	}
	var all []reply
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.sim.SetConsent(discordsim.UserID(tc.user), false)
			b := newBrowser(t)
			callback := b.toCallback(e)
			if r := b.get(callback); r.status != http.StatusFound || r.header.Get("Location") != "/" {
				t.Fatalf("callback = %d to %q: %s", r.status, r.header.Get("Location"), r.body)
			}
			if b.session(e) == "" {
				t.Fatal("no session cookie after the callback")
			}
			var me struct{ ID, Username string }
			b.api(e, "/api/auth/me").decode(t, &me)
			if me.ID != simUser(tc.user) || (tc.username != "" && me.Username != tc.username) {
				t.Fatalf("me = %+v, want user %d %s", me, tc.user, tc.username)
			}
			var guilds []struct{ ID, Name string }
			r := b.api(e, "/api/guilds")
			r.decode(t, &guilds)
			if len(guilds) != len(tc.guilds) {
				t.Fatalf("guilds = %s, want %v", r.body, tc.guilds)
			}
			for i, g := range guilds {
				if g.ID != tc.guilds[i] || g.Name == "" {
					t.Fatalf("guilds = %s, want %v", r.body, tc.guilds)
				}
			}
			all = append(all, b.hops...)
		})
	}
	secrets := e.tap.secrets()
	if len(secrets) != 2*len(cases) {
		t.Fatalf("the tap saw %d tokens, want %d", len(secrets), 2*len(cases))
	}
	for _, r := range all {
		for _, s := range secrets {
			if strings.Contains(string(r.body), s) || strings.Contains(dumpHeader(r.header), s) {
				t.Fatalf("a Discord token reached the browser (status %d): %s", r.status, dumpHeader(r.header))
			}
		}
	}
}

func dumpHeader(h http.Header) string {
	var sb strings.Builder
	_ = h.Write(&sb)
	return sb.String()
}

// Every way a callback can be wrong ends with a clear error and no session.
func TestOAuthCallbackRefusals(t *testing.T) {
	e := startSim(t)
	e.sim.SetConsent(discordsim.UserID(2), false)
	cases := []struct {
		name         string
		callback     func(t *testing.T, b *browser) string
		status       int
		code, reason string
	}{
		{"forged state", func(t *testing.T, b *browser) string {
			return withQuery(t, b.toCallback(e), map[string]string{"state": "forged-state"})
		}, http.StatusBadRequest, "BAD_REQUEST", "login state does not match"},
		{"state from another browser", func(t *testing.T, b *browser) string {
			b.toCallback(e) // this browser's own state cookie
			return newBrowser(t).toCallback(e)
		}, http.StatusBadRequest, "BAD_REQUEST", "login state does not match"},
		{"no login started here", func(t *testing.T, _ *browser) string {
			return newBrowser(t).toCallback(e)
		}, http.StatusBadRequest, "BAD_REQUEST", "login state does not match"},
		{"replayed code", func(t *testing.T, b *browser) string {
			victim := newBrowser(t)
			used := victim.toCallback(e)
			if r := victim.get(used); r.status != http.StatusFound || victim.session(e) == "" {
				t.Fatalf("first use of the code: %d %s", r.status, r.body)
			}
			state, _ := url.Parse(b.toCallback(e))
			code, _ := url.Parse(used)
			return withQuery(t, used, map[string]string{"state": state.Query().Get("state"), "code": code.Query().Get("code")})
		}, http.StatusUnauthorized, "UNAUTHORIZED", "Discord refused the login code"},
		{"same callback twice", func(t *testing.T, b *browser) string {
			used := b.toCallback(e)
			if r := b.get(used); r.status != http.StatusFound {
				t.Fatalf("first use: %d %s", r.status, r.body)
			}
			b.client.Jar, _ = cookiejar.New(nil) // the attacker has the URL, not the cookies
			b.toCallback(e)
			return used
		}, http.StatusBadRequest, "BAD_REQUEST", "login state does not match"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t)
			r := b.get(tc.callback(t, b))
			if r.status != tc.status || r.errCode() != tc.code || !strings.Contains(string(r.body), tc.reason) {
				t.Fatalf("callback = %d %s, want %d %s (%q)", r.status, r.body, tc.status, tc.code, tc.reason)
			}
			if b.session(e) != "" {
				t.Fatal("a refused callback set a session cookie")
			}
			if me := b.api(e, "/api/auth/me"); me.status != http.StatusUnauthorized {
				t.Fatalf("/me after a refused login = %d", me.status)
			}
		})
	}
}

// A user who presses Cancel on Discord's consent page comes back to the
// dashboard with the reason and without a session.
func TestOAuthDeniedConsent(t *testing.T) {
	e := startSim(t)
	e.sim.SetConsent(discordsim.UserID(1), true)
	b := newBrowser(t)
	callback := b.toCallback(e)
	if q, _ := url.Parse(callback); q.Query().Get("error") != "access_denied" || q.Query().Get("code") != "" {
		t.Fatalf("the simulator's denial: %s", callback)
	}
	r := b.get(callback)
	if r.status != http.StatusFound || r.header.Get("Location") != "/?login_error=access_denied" {
		t.Fatalf("denied callback = %d to %q: %s", r.status, r.header.Get("Location"), r.body)
	}
	if b.session(e) != "" {
		t.Fatal("a denied login set a session cookie")
	}
	if me := b.api(e, "/api/auth/me"); me.status != http.StatusUnauthorized || me.errCode() != "NOT_AUTHENTICATED" {
		t.Fatalf("/me after a denied login = %d %s", me.status, me.body)
	}
	if n := len(e.sim.CallsTo("POST /oauth2/token")); n != 0 {
		t.Fatalf("a denied login exchanged a code %d times", n)
	}
}
