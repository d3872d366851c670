package modmail

import (
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(c *Config)
		want   string
	}{
		{"default", func(*Config) {}, ""},
		{"bad category", func(c *Config) { c.CategoryID = "abc" }, "categoryId"},
		{"threads without a channel", func(c *Config) { c.Enabled, c.UseThreads = true, true }, "threadChannelId"},
		{"auto close too short", func(c *Config) { c.AutoCloseSeconds = 5 }, "autoCloseSeconds"},
		{"unknown message", func(c *Config) { c.Messages = map[string]string{"bye": "x"} }, "messages.bye"},
		{"duplicate department", func(c *Config) { c.Departments = []Department{{Name: "A"}, {Name: "a"}} }, "departments[1].name"},
		{"colon in a department", func(c *Config) { c.Departments = []Department{{Name: "a:b"}} }, "departments[0].name"},
		{"bad snippet name", func(c *Config) { c.Snippets = []Snippet{{Name: "Hello There", Text: "x"}} }, "snippets[0].name"},
		{"empty snippet", func(c *Config) { c.Snippets = []Snippet{{Name: "hi", Text: " "}} }, "snippets[0].text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultConfig("1")
			tc.change(&c)
			err := c.Validate()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Validate: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	cases := map[string]time.Duration{"": 0, "30m": 30 * time.Minute, "2h": 2 * time.Hour, "1d": 24 * time.Hour, "7D": 7 * 24 * time.Hour}
	for in, want := range cases {
		if got, err := parseDuration("in", in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"10s", "31d", "soon", "-1h"} {
		if _, err := parseDuration("in", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestChannelNameAndRender(t *testing.T) {
	if got := channelName("Alex Smith!", 12); got != "alexsmith-12" {
		t.Errorf("channelName: %q", got)
	}
	if got := channelName("✨", 3); got != "member-3" {
		t.Errorf("channelName of no letters: %q", got)
	}
	if got := render("Hi {user}, {staff} of {guild}", "alex", "Demo", "mia"); got != "Hi alex, mia of Demo" {
		t.Errorf("render: %q", got)
	}
	if got := clip("héllo", 2); got != "h…" {
		t.Errorf("clip: %q", got)
	}
}
