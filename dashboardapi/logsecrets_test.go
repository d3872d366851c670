package dashboardapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/plugintest"
)

// logsecrets is a plugin with one slash command that defers, edits its
// reply and follows up, so that a run touches the interaction callback and
// both webhook routes.
type logsecrets struct{}

func (logsecrets) PluginInfo() core.PluginInfo {
	return core.PluginInfo{ID: "logsecrets", Name: "logsecrets"}
}

func (logsecrets) Commands() []core.Command {
	return []core.Command{{
		Name: "secretive", Description: "Defers, answers, follows up.",
		Handle: func(ctx context.Context, inv *core.Interaction) error {
			if err := inv.Defer(ctx, true); err != nil {
				return err
			}
			if err := inv.Reply(ctx, "done", true); err != nil {
				return err
			}
			return inv.Followup(ctx, "and more", true)
		},
	}}
}

func init() {
	core.RegisterPlugin(core.PluginInfo{ID: "logsecrets", Name: "logsecrets", New: func() core.Plugin { return logsecrets{} }})
}

// syncBuffer is a log sink safe for the core's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A debug log of a whole OAuth2 login and a slash command run holds none
// of the secrets used: the client secret, the authorization code, the
// user's access and refresh tokens, the interaction token, the bot token
// and the session token.
func TestDebugLogHoldsNoSecrets(t *testing.T) {
	var logBuf syncBuffer
	log := slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := startSimLogged(t, log)

	// The login.
	e.sim.SetConsent(discordsim.UserID(1), false)
	b := newBrowser(t)
	callback := b.toCallback(e)
	cu, err := url.Parse(callback)
	if err != nil {
		t.Fatal(err)
	}
	code := cu.Query().Get("code")
	if r := b.get(callback); r.status != http.StatusFound || b.session(e) == "" {
		t.Fatalf("callback = %d: %s", r.status, r.body)
	}
	if r := b.api(e, "/api/guilds"); r.status != http.StatusOK {
		t.Fatalf("guilds = %d: %s", r.status, r.body)
	}

	// The command.
	g, _ := e.sim.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	plugintest.Eventually(t, "the command is registered", func() bool {
		for _, cmds := range e.sim.Commands() {
			for _, c := range cmds {
				if c.Name == "secretive" {
					return true
				}
			}
		}
		return false
	})
	it, err := e.sim.InvokeCommand(g.ID, general.ID, discordsim.UserID(2), "secretive", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := it.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	plugintest.Eventually(t, "the edit and the follow-up", func() bool {
		return len(e.sim.CallsTo("POST /webhooks/{app}/{token}")) == 1 &&
			len(e.sim.CallsTo("PATCH /webhooks/{app}/{token}/messages/@original")) == 1
	})

	out := logBuf.String()
	// The log must have seen the traffic, or the test proves nothing.
	for _, want := range []string{"/oauth2/token", "/interactions/" + it.ID.String() + "/", "/webhooks/", "new response"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the debug log has no %q; the REST client's logging changed", want)
		}
	}
	secrets := map[string]string{
		"client secret":      e.sim.ClientSecret(),
		"authorization code": code,
		"interaction token":  it.Token,
		"bot token":          e.sim.Token(),
		"session token":      b.session(e),
	}
	for i, s := range e.tap.secrets() {
		secrets[[]string{"access token", "refresh token"}[i%2]] = s
	}
	if len(secrets) != 7 {
		t.Fatalf("collected %d secrets, want 7", len(secrets))
	}
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("the %s is empty", name)
		}
		if n := strings.Count(out, s); n > 0 {
			line := out[max(0, strings.Index(out, s)-200):min(len(out), strings.Index(out, s)+100)]
			t.Errorf("the debug log holds the %s %d times, e.g. …%s…", name, n, line)
		}
	}
}
