package core_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
)

type greetConfig struct {
	core.ConfigMeta `bson:",inline"`
	Message         string   `json:"message" bson:"message"`
	Channels        []string `json:"channels" bson:"channels"`
}

func (g *greetConfig) Validate() error {
	if len(g.Message) > 100 {
		return fmt.Errorf("message: at most 100 characters, got %d", len(g.Message))
	}
	return nil
}

type cfgPlugin struct {
	pc  *core.Context
	cfg *core.GuildConfig[greetConfig, *greetConfig]
}

func (p *cfgPlugin) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: "greet"} }
func (p *cfgPlugin) Provision(pc *core.Context) error {
	p.pc = pc
	p.cfg = core.NewGuildConfig[greetConfig](pc, func(string) greetConfig { return greetConfig{Message: "hello"} })
	return nil
}
func (p *cfgPlugin) GuildConfig() core.ConfigStore { return p.cfg }

func TestGuildConfigVersioning(t *testing.T) {
	var p *cfgPlugin
	register(t, "greet", func() core.Plugin { p = &cfgPlugin{}; return p })
	testenv.Core(t, testenv.Config(t), core.Options{})
	ctx := context.Background()

	doc, err := p.cfg.Get(ctx, guildA)
	if err != nil || doc.Version != 0 || doc.Message != "hello" {
		t.Fatalf("defaults: %+v %v", doc, err)
	}
	doc.Message = "welcome"
	saved, prev, err := p.cfg.Put(ctx, guildA, doc, "100000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 1 || saved.UpdatedBy != "100000000000000001" || saved.UpdatedAt.IsZero() || prev.Message != "hello" {
		t.Fatalf("saved %+v prev %+v", saved, prev)
	}

	// Two editors read version 1; the first save wins, the second conflicts
	// and learns who changed it.
	a, _ := p.cfg.Get(ctx, guildA)
	b, _ := p.cfg.Get(ctx, guildA)
	a.Message = "from a"
	b.Message = "from b"
	if _, _, err := p.cfg.Put(ctx, guildA, a, "100000000000000002"); err != nil {
		t.Fatal(err)
	}
	_, _, err = p.cfg.Put(ctx, guildA, b, "100000000000000003")
	var ce *core.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, core.ErrVersionConflict) {
		t.Fatalf("want a conflict, got %v", err)
	}
	if cur := ce.Current.(*greetConfig); cur.Message != "from a" || cur.Version != 2 || cur.UpdatedBy != "100000000000000002" {
		t.Fatalf("conflict carries %+v", cur)
	}
	// Creating again from version 0 conflicts too.
	fresh := &greetConfig{Message: "again"}
	if _, _, err := p.cfg.Put(ctx, guildA, fresh, "x"); !errors.Is(err, core.ErrVersionConflict) {
		t.Fatalf("version 0 over a saved doc: %v", err)
	}
	// Invalid documents are refused with a user error and nothing changes.
	bad, _ := p.cfg.Get(ctx, guildA)
	bad.Message = string(make([]byte, 101))
	_, _, err = p.cfg.Put(ctx, guildA, bad, "x")
	var ue *core.Error
	if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest {
		t.Fatalf("invalid doc: %v", err)
	}
	if now, _ := p.cfg.Get(ctx, guildA); now.Version != 2 || now.Message != "from a" {
		t.Fatalf("invalid save changed the doc: %+v", now)
	}
}

func TestGuildConfigConcurrentSavesOneWins(t *testing.T) {
	var p *cfgPlugin
	register(t, "greet", func() core.Plugin { p = &cfgPlugin{}; return p })
	testenv.Core(t, testenv.Config(t), core.Options{})
	ctx := context.Background()
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, _, errs[i] = p.cfg.Put(ctx, guildA, &greetConfig{Message: fmt.Sprint(i)}, "u")
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, core.ErrVersionConflict):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d saves from version 0 succeeded, want exactly 1", ok)
	}
}

func TestGuildConfigPutJSONIsStrict(t *testing.T) {
	var p *cfgPlugin
	register(t, "greet", func() core.Plugin { p = &cfgPlugin{}; return p })
	testenv.Core(t, testenv.Config(t), core.Options{})
	cases := []struct{ name, body, want string }{
		{"unknown field", `{"version":0,"message":"x","colour":"red"}`, `unknown field "colour"`},
		{"wrong type", `{"version":0,"message":5}`, `field "message"`},
		{"malformed", `{"version":0,`, "malformed JSON"},
		{"two values", `{"version":0}{}`, "exactly one JSON value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := p.cfg.PutJSON(context.Background(), guildA, []byte(tc.body), "u")
			var ue *core.Error
			if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest || !contains(ue.Message, tc.want) {
				t.Fatalf("got %v, want BAD_REQUEST with %q", err, tc.want)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
