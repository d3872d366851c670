package dashboardapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/oauth2"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/internal/discordbot"
)

const (
	stateCookie     = "warden_oauth_state"
	stateCookiePath = "/api/auth"
	stateTTL        = 10 * time.Minute
	discordAPIURL   = "https://discord.com/api/v10"
	discordAuthURL  = "https://discord.com/oauth2/authorize"
)

// oauthLogin is the Discord OAuth2 code flow, through disgo's oauth2 client.
// Discord's access token is used once, server-side, and never stored or sent
// to the browser.
type oauthLogin struct {
	s        *Server
	rest     rest.Client
	client   oauth2.Client // nil when no client id is configured
	authURL  string
	redirect string
}

func newOAuthLogin(s *Server) (*oauthLogin, error) {
	o := s.conf.oauth
	l := &oauthLogin{s: s, authURL: o.AuthorizeURL, redirect: s.cfg.PublicURL + "/api/auth/callback"}
	if l.authURL == "" {
		l.authURL = discordAuthURL
	}
	if o.ClientID == "" {
		return l, nil
	}
	id, err := snowflake.Parse(o.ClientID)
	if err != nil {
		return nil, &configError{key: "DISCORD_CLIENT_ID", problem: "want the application's id (a snowflake)"}
	}
	apiURL := o.APIURL
	if apiURL == "" {
		apiURL = discordAPIURL
	}
	log := s.log.With("part", "oauth2")
	l.rest = rest.NewClient("", rest.WithURL(apiURL), rest.WithLogger(log),
		rest.WithRateLimiter(discordbot.NewRESTRateLimiter(log)))
	l.client = oauth2.New(id, o.ClientSecret, oauth2.WithRestClient(l.rest), oauth2.WithLogger(s.log))
	return l, nil
}

func (l *oauthLogin) close(ctx context.Context) {
	if l.rest != nil {
		l.rest.Close(ctx)
	}
}

// start redirects to Discord's consent page with a fresh state that is also
// set as a cookie, binding the callback to this browser.
func (l *oauthLogin) start(w http.ResponseWriter, r *http.Request) {
	if l.client == nil {
		core.WriteError(w, core.Errorf(core.CodeUnavailable, "login with Discord is not configured (DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET)"))
		return
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		core.WriteError(w, fmt.Errorf("login state: %w", err))
		return
	}
	state := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: state, Path: stateCookiePath, MaxAge: int(stateTTL.Seconds()),
		HttpOnly: true, Secure: l.s.secureCookies(), SameSite: http.SameSiteLaxMode})
	q := url.Values{
		"client_id":     {l.client.ID().String()},
		"redirect_uri":  {l.redirect},
		"response_type": {"code"},
		"scope":         {discord.JoinScopes([]discord.OAuth2Scope{discord.OAuth2ScopeIdentify, discord.OAuth2ScopeGuilds})},
		"state":         {state},
		"prompt":        {"none"},
	}
	http.Redirect(w, r, l.authURL+"?"+q.Encode(), http.StatusFound)
}

// callback checks the state against the cookie, exchanges the code, reads
// the user and their guilds, and starts a session.
func (l *oauthLogin) callback(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r, "code", "state", "error", "error_description", "guild_id", "permissions"); err != nil {
		core.WriteError(w, err)
		return
	}
	q := r.URL.Query()
	c, err := r.Cookie(stateCookie)
	if err != nil || q.Get("state") == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(q.Get("state"))) != 1 {
		core.WriteError(w, core.BadRequest("the login state does not match this browser; start the login again"))
		return
	}
	l.s.clearCookie(w, stateCookie, stateCookiePath)
	if e := q.Get("error"); e != "" {
		http.Redirect(w, r, "/?login_error="+url.QueryEscape(e), http.StatusFound)
		return
	}
	if l.client == nil || q.Get("code") == "" {
		core.WriteError(w, core.BadRequest("the callback carries no code"))
		return
	}
	user, err := l.exchange(r.Context(), q.Get("code"))
	if err != nil {
		core.WriteError(w, err)
		return
	}
	if err := l.s.sessions.saveLogin(r.Context(), user); err != nil {
		core.WriteError(w, err)
		return
	}
	if err := l.s.issueSession(w, user.ID); err != nil {
		core.WriteError(w, err)
		return
	}
	l.s.log.Info("dashboard login", "user", user.ID)
	http.Redirect(w, r, "/", http.StatusFound)
}

// exchange trades the code for an access token and reads the user and
// their guilds with it.
func (l *oauthLogin) exchange(ctx context.Context, code string) (userRecord, error) {
	opt := rest.WithCtx(ctx)
	tok, err := l.client.Rest().GetAccessToken(l.client.ID(), l.client.Secret(), code, l.redirect, opt)
	if err != nil {
		var re rest.Error
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return userRecord{}, core.Errorf(core.CodeUnauthorized, "Discord refused the login code; log in again")
		}
		return userRecord{}, &core.Error{Code: core.CodeDiscord, Message: "Discord could not be reached for the login; try again", Err: err}
	}
	sess := oauth2.Session{AccessToken: tok.AccessToken, Scopes: tok.Scope, TokenType: tok.TokenType,
		Expiration: time.Now().Add(tok.ExpiresIn)}
	u, err := l.client.GetUser(sess, opt)
	if err != nil {
		return userRecord{}, &core.Error{Code: core.CodeDiscord, Message: "could not read your Discord profile", Err: err}
	}
	guilds, err := l.client.GetGuilds(sess, opt)
	if err != nil {
		return userRecord{}, &core.Error{Code: core.CodeDiscord, Message: "could not read your Discord guilds", Err: err}
	}
	rec := userRecord{Meta: store.Meta{ID: u.ID.String()}, Username: u.Username, LastLogin: time.Now().UTC().Truncate(time.Millisecond)}
	if u.GlobalName != nil {
		rec.GlobalName = *u.GlobalName
	}
	if u.Avatar != nil {
		rec.Avatar = *u.Avatar
	}
	for _, g := range guilds {
		rec.Guilds = append(rec.Guilds, g.ID.String())
	}
	return rec, nil
}
