package moderation

import (
	"errors"
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(c *Config)
		field  string
	}{
		{"defaults", func(*Config) {}, ""},
		{"role id", func(c *Config) { c.ModeratorRoles = []string{"abc"} }, "moderatorRoles[0]"},
		{"channel id", func(c *Config) { c.ModLogChannelID = "#mods" }, "modLogChannelId"},
		{"template type", func(c *Config) { c.DMTemplates = map[CaseType]string{"hug": "x"} }, "dmTemplates"},
		{"template placeholder", func(c *Config) { c.DMTemplates = map[CaseType]string{TypeWarn: "hi {nick}"} }, "dmTemplates.warn"},
		{"template length", func(c *Config) { c.DMTemplates = map[CaseType]string{TypeWarn: strings.Repeat("a", 2000)} }, "dmTemplates.warn"},
		{"warn points", func(c *Config) { c.WarnPoints = -1 }, "warnPoints"},
		{"threshold action", func(c *Config) { c.Thresholds = []Threshold{{Points: 3, Action: TypeWarn}} }, "thresholds[0].action"},
		{"threshold duplicate", func(c *Config) {
			c.Thresholds = []Threshold{{Points: 3, Action: TypeKick}, {Points: 3, Action: TypeBan}}
		}, "thresholds[1].points"},
		{"timeout too long", func(c *Config) {
			c.Thresholds = []Threshold{{Points: 3, Action: TypeTimeout, DurationSeconds: 60 * 24 * 3600}}
		}, "thresholds[0].durationSeconds"},
		{"good thresholds", func(c *Config) {
			c.Thresholds = []Threshold{{Points: 3, Action: TypeTimeout, DurationSeconds: 600}, {Points: 5, Action: TypeBan}}
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultConfig(guildA)
			tc.mutate(&c)
			err := c.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ue *core.Error
			if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest || !strings.HasPrefix(ue.Message, tc.field) {
				t.Fatalf("want a BAD_REQUEST naming %s, got %v", tc.field, err)
			}
		})
	}
}

func TestSaveConfigVersionsAndBroadcasts(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	cfg, err := svc.Config(ctx(t), guildA)
	if err != nil || cfg.Version != 0 {
		t.Fatalf("defaults: %+v %v", cfg, err)
	}
	cfg.WarnPoints = 2
	saved, err := svc.SaveConfig(ctx(t), guildA, cfg, modA)
	if err != nil || saved.Version != 1 || saved.UpdatedBy != modA {
		t.Fatalf("save: %+v %v", saved, err)
	}
	ev := decode[Config](t, rec.waitFor(t, EventConfigUpdated, 1)[0])
	if ev.Version != 1 || ev.WarnPoints != 2 || ev.UpdatedBy != modA {
		t.Fatalf("event payload: %+v", ev)
	}
	cfg.WarnPoints = 3 // still at version 0: stale
	if _, err := svc.SaveConfig(ctx(t), guildA, cfg, modB); !errors.Is(err, core.ErrVersionConflict) {
		t.Fatalf("stale save: want a version conflict, got %v", err)
	}
	if n := len(rec.named(EventConfigUpdated)); n != 1 {
		t.Fatalf("a refused save broadcast: %d events", n)
	}
}
