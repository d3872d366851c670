package dashboardapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/disgoorg/snowflake/v2"
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/dashboardapi"
	"github.com/warden-bot/warden/internal/discordbot"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
	"github.com/warden-bot/warden/internal/testenv"
	"github.com/warden-bot/warden/wsgateway"
)

// The simulated world: demo guild 1 and 2, each with simMembers members.
// User 1 owns both guilds (and holds Admin), user 2 holds Moderator (which
// carries Manage Server), the others hold Member; users past simMembers
// are in no guild.
const (
	simMembers   = 8
	simSuperuser = "100000000000000009"
)

var (
	simGuild1 = discordsim.GuildID(1).String()
	simGuild2 = discordsim.GuildID(2).String()
)

func simUser(i int) string { return discordsim.UserID(i).String() }

// simEnv runs the real parts as internal/app wires them: the simulated
// Discord, the Discord component (disgo) connected to it and installing
// the directory, the shared access checker, the dashboard API and the
// WebSocket gateway, on one core over the embedded store.
type simEnv struct {
	*env
	sim     *discordsim.Server
	discord *discordbot.Discord
	gw      *wsgateway.Gateway
	wsURL   string
	tap     *tokenTap
}

// startSim starts the simulator and a core with the Discord component,
// the API and the gateway, and waits until the bot's cache holds both
// guilds. Mutators change the config before it is used.
func startSim(t testing.TB, mutate ...func(*core.Config)) *simEnv {
	t.Helper()
	return startSimLogged(t, testenv.Logger(t), mutate...)
}

// startSimLogged is startSim with the core's logger given. Warden runs
// through the plugin test kit, with the simulator's REST API behind the
// token tap.
func startSimLogged(t testing.TB, log *slog.Logger, mutate ...func(*core.Config)) *simEnv {
	t.Helper()
	sim := testenv.StartSim(t, discordsim.WithGuilds(2), discordsim.WithMembers(simMembers), discordsim.WithVisitors(2),
		discordsim.WithHeartbeatInterval(5*time.Second))
	tap := newTokenTap(t, sim.APIURL())
	w := plugintest.Start(t, plugintest.WithSimulator(sim), plugintest.WithLogger(log), plugintest.WithConfig(func(c *core.Config) {
		c.Superusers = []string{simSuperuser}
		c.AllowedOrigins = []string{c.PublicURL, testOrigin}
		c.Discord.APIURL = tap.url
		for _, m := range mutate {
			m(c)
		}
	}))
	gw := w.App.Parts["gateway"].(*wsgateway.Gateway)
	return &simEnv{env: &env{t: t, core: w.Core, srv: w.App.Parts["api"].(*dashboardapi.Server), base: w.Config.PublicURL},
		sim: sim, discord: w.App.Discord(), gw: gw, wsURL: "ws://" + gw.Addr() + "/ws", tap: tap}
}

// setRole adds or removes a member's role through the bot's own REST
// client, so the simulator dispatches GUILD_MEMBER_UPDATE to the bot.
func (e *simEnv) setRole(guild, user discordsim.ID, role discordsim.ID, add bool) {
	e.t.Helper()
	r := e.discord.Client().Rest()
	var err error
	if add {
		err = r.AddMemberRole(snow(guild), snow(user), snow(role))
	} else {
		err = r.RemoveMemberRole(snow(guild), snow(user), snow(role))
	}
	if err != nil {
		e.t.Fatalf("role change: %v", err)
	}
	plugintest.Eventually(e.t, "the bot's cache sees the role change", func() bool {
		m, err := e.core.Directory().Member(context.Background(), guild.String(), user.String())
		has := false
		for _, r := range m.Roles {
			has = has || r == role.String()
		}
		return err == nil && has == add
	})
}

// tokenTap is a recording reverse proxy in front of the simulator's REST
// API, given to the dashboard API as Discord's API URL. It keeps every
// access and refresh token the simulator hands out, so tests can check
// that none of them reaches the browser.
type tokenTap struct {
	url string

	mu     sync.Mutex
	tokens []string
}

func newTokenTap(t testing.TB, apiURL string) *tokenTap {
	target, err := url.Parse(apiURL)
	if err != nil {
		t.Fatal(err)
	}
	tap := &tokenTap{}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	proxy.ModifyResponse = func(rs *http.Response) error {
		if rs.Request.URL.Path != target.Path+"/oauth2/token" {
			return nil
		}
		raw, err := io.ReadAll(rs.Body)
		if err != nil {
			return err
		}
		rs.Body = io.NopCloser(bytes.NewReader(raw))
		tap.record(raw)
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	tap.url = srv.URL + target.Path
	return tap
}

func (tp *tokenTap) record(raw []byte) {
	var body struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal(raw, &body); err != nil || body.AccessToken == "" {
		return
	}
	tp.mu.Lock()
	tp.tokens = append(tp.tokens, body.AccessToken, body.RefreshToken)
	tp.mu.Unlock()
}

// secrets returns the Discord tokens handed out so far.
func (tp *tokenTap) secrets() []string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return append([]string(nil), tp.tokens...)
}

func snow(id discordsim.ID) snowflake.ID { return snowflake.ID(id) }
