package tickets

import (
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Config
		want string // "" when valid
	}{
		{"defaults", defaultConfig("1"), ""},
		{"auto-close on", Config{InactivitySeconds: 3600, WarningSeconds: 600}, ""},
		{"role not an id", Config{StaffRoles: []string{"mods"}}, "staffRoles[0]"},
		{"channel not an id", Config{TranscriptChannelID: "#log"}, "transcriptChannelId"},
		{"inactivity too short", Config{InactivitySeconds: 5}, "inactivitySeconds"},
		{"inactivity too long", Config{InactivitySeconds: 31 * 24 * 3600}, "inactivitySeconds"},
		{"negative warning", Config{WarningSeconds: -1}, "warningSeconds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.HasPrefix(core.AsUserError(err).Message, tc.want)):
				t.Fatalf("error %v, want one about %s", err, tc.want)
			}
		})
	}
}

func TestWarningNeverLongerThanInactivity(t *testing.T) {
	c := Config{InactivitySeconds: 600}
	if w := c.warning(); w != 600 {
		t.Fatalf("warning %d, want the whole 600 (default 3600 capped)", w)
	}
	c.WarningSeconds = 60
	if w := c.warning(); w != 60 {
		t.Fatalf("warning %d", w)
	}
}

func TestChannelName(t *testing.T) {
	for _, tc := range []struct{ tpl, user, want string }{
		{"ticket-{number}", "alex", "ticket-0007"},
		{"{category}-{user}", "Alex Smith!", "billing-alex-smith"},
		{"{user}", "✨✨", "ticket-0007"},
		{strings.Repeat("x", 90) + "-{number}-{user}", "abcdefghijkl", (strings.Repeat("x", 90) + "-0007-abcdefghijkl")[:100]},
	} {
		if got := channelName(tc.tpl, 7, tc.user, "billing"); got != tc.want {
			t.Errorf("channelName(%q, %q) = %q, want %q", tc.tpl, tc.user, got, tc.want)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []int64
		want int64
	}{{nil, 0}, {[]int64{5}, 5}, {[]int64{9, 1, 5}, 5}, {[]int64{4, 1, 3, 2}, 2}} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
