package discordsim_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/oauth2"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// authorize follows the login as a browser would: to the simulator's
// consent page, which redirects back at once.
func authorize(t *testing.T, s *discordsim.Server, client oauth2.Client) url.Values {
	t.Helper()
	authURL, _ := client.GenerateAuthorizationURLState(oauth2.AuthorizationURLParams{
		RedirectURI: "http://localhost:3000/api/auth/callback",
		Scopes:      []discord.OAuth2Scope{discord.OAuth2ScopeIdentify, discord.OAuth2ScopeGuilds},
	})
	simURL := strings.Replace(authURL, "https://discord.com/oauth2/authorize", s.AuthorizeURL(), 1)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	rs, err := noFollow.Get(simURL)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Body.Close()
	if rs.StatusCode != http.StatusFound {
		t.Fatalf("authorize answered %d", rs.StatusCode)
	}
	loc, err := url.Parse(rs.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), "http://localhost:3000/api/auth/callback?") {
		t.Fatalf("redirect to %q", rs.Header.Get("Location"))
	}
	return loc.Query()
}

func newOAuthClient(t *testing.T, s *discordsim.Server) oauth2.Client {
	return oauth2.New(snowflake.ID(s.ClientID()), s.ClientSecret(),
		oauth2.WithLogger(testenv.Logger(t)),
		oauth2.WithRestClientConfigOpts(rest.WithURL(s.APIURL())))
}

func TestOAuth2LoginWithDisgosClient(t *testing.T) {
	s := testenv.StartSim(t)
	tests := []struct {
		name       string
		user       discordsim.ID
		wantGuilds int
		wantOwner  bool
	}{
		{"the admin owns every guild", discordsim.UserID(1), 2, true},
		{"a member sees their guilds", discordsim.UserID(7), 2, false},
		{"a visitor is in none", discordsim.UserID(45), 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.SetConsent(tc.user, false)
			client := newOAuthClient(t, s)
			q := authorize(t, s, client)
			session, _, err := client.StartSession(q.Get("code"), q.Get("state"))
			if err != nil {
				t.Fatalf("exchange code: %v", err)
			}
			user, err := client.GetUser(session)
			if err != nil {
				t.Fatal(err)
			}
			if user.ID != snowflake.ID(tc.user) {
				t.Fatalf("user = %s, want %s", user.ID, tc.user)
			}
			guilds, err := client.GetGuilds(session)
			if err != nil {
				t.Fatal(err)
			}
			if len(guilds) != tc.wantGuilds || (tc.wantGuilds > 0 && guilds[0].Owner != tc.wantOwner) {
				t.Fatalf("guilds = %+v", guilds)
			}
			if tc.wantOwner && !guilds[0].Permissions.Has(discord.PermissionAdministrator) {
				t.Fatalf("owner permissions = %s", guilds[0].Permissions)
			}
			if _, _, err := client.StartSession(q.Get("code"), q.Get("state")); err == nil {
				t.Fatal("a code was accepted twice")
			}
		})
	}
}

func TestOAuth2Refusals(t *testing.T) {
	s := testenv.StartSim(t)
	s.SetConsent(discordsim.UserID(1), true)
	q := authorize(t, s, newOAuthClient(t, s))
	if q.Get("error") != "access_denied" || q.Get("code") != "" || q.Get("state") == "" {
		t.Fatalf("denied consent redirected with %v", q)
	}
	s.SetConsent(discordsim.UserID(1), false)
	wrong := oauth2.New(snowflake.ID(s.ClientID()), "wrong-secret", oauth2.WithRestClientConfigOpts(rest.WithURL(s.APIURL())))
	q = authorize(t, s, wrong)
	if _, _, err := wrong.StartSession(q.Get("code"), q.Get("state")); err == nil {
		t.Fatal("a wrong client secret was accepted")
	}
	rs := botRequest(t, s, "GET", "/users/@me/guilds", nil)
	if rs.StatusCode != http.StatusOK {
		t.Fatalf("bot /users/@me/guilds = %d", rs.StatusCode)
	}
	req, _ := http.NewRequest("GET", s.APIURL()+"/users/@me", nil)
	req.Header.Set("Authorization", "Bearer not-a-token")
	rs2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rs2.Body.Close()
	if rs2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unknown bearer = %d, want 401", rs2.StatusCode)
	}
}
