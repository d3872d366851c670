package moderation

import (
	"github.com/warden-bot/warden/core/store"
	"strings"
	"testing"
	"time"
)

func TestTriggers(t *testing.T) {
	now := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		trigger Trigger
		content string
		want    bool
	}{
		{"word whole", Trigger{Type: TriggerWords, Words: []string{"heck"}}, "what the HECK!", true},
		{"word inside another", Trigger{Type: TriggerWords, Words: []string{"heck"}}, "checked", false},
		{"regex", Trigger{Type: TriggerRegex, Pattern: `free\s+nitro`}, "get FREE  nitro", false},
		{"regex case flag", Trigger{Type: TriggerRegex, Pattern: `(?i)free\s+nitro`}, "get FREE  nitro", true},
		{"invite", Trigger{Type: TriggerInvites}, "join discord.gg/abc123", true},
		{"no invite", Trigger{Type: TriggerInvites}, "discord is great", false},
		{"deny domain", Trigger{Type: TriggerLinks, Domains: []string{"evil.com"}}, "see https://www.evil.com/x", true},
		{"deny other domain", Trigger{Type: TriggerLinks, Domains: []string{"evil.com"}}, "see https://notevil.com/x", false},
		{"allow list", Trigger{Type: TriggerLinks, DomainMode: "allow", Domains: []string{"github.com"}}, "https://github.com/a and https://x.io", true},
		{"allow list ok", Trigger{Type: TriggerLinks, DomainMode: "allow", Domains: []string{"github.com"}}, "https://gist.github.com/a", false},
		{"mentions", Trigger{Type: TriggerMentions, MaxMentions: 3}, "<@1> <@!2> <@&3>", true},
		{"few mentions", Trigger{Type: TriggerMentions, MaxMentions: 3}, "<@1> <@2>", false},
		{"caps", Trigger{Type: TriggerCaps, CapsPercent: 70}, "WHY IS EVERYONE SO LOUD", true},
		{"short caps", Trigger{Type: TriggerCaps, CapsPercent: 70}, "OK", false},
		{"mixed case", Trigger{Type: TriggerCaps, CapsPercent: 70}, "Why Is Everyone So Loud", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cr, err := compileTrigger(&tc.trigger)
			if err != nil {
				t.Fatal(err)
			}
			cr.rule = &Rule{Meta: store.Meta{ID: "r"}, RuleInput: RuleInput{Enabled: true}}
			hits := evaluate([]*compiledRule{cr}, &Message{GuildID: guildA, AuthorID: userX, Content: tc.content}, newRepeatTracker(), now)
			if (len(hits) == 1) != tc.want {
				t.Fatalf("matched=%v, want %v", len(hits) == 1, tc.want)
			}
		})
	}
}

func TestRepeatAndConditions(t *testing.T) {
	now := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	tr := Trigger{Type: TriggerRepeat, Count: 3, WindowSeconds: 10}
	cr, err := compileTrigger(&tr)
	if err != nil {
		t.Fatal(err)
	}
	cr.rule = &Rule{Meta: store.Meta{ID: "rep"}, RuleInput: RuleInput{Enabled: true, Conditions: Conditions{
		IgnoredChannels: []string{"500"}, IgnoredRoles: []string{"600"}, MinAccountAgeDays: 7}}}
	young := now.Add(-24 * time.Hour)
	msg := func(at time.Time, channel string, roles []string, created time.Time) *Message {
		return &Message{GuildID: guildA, AuthorID: userX, ChannelID: channel, AuthorRoles: roles, AuthorCreatedAt: created, Content: "Buy now", SentAt: at}
	}
	rt := newRepeatTracker()
	steps := []struct {
		name string
		m    *Message
		at   time.Time
		want bool
	}{
		{"first", msg(now, "1", nil, young), now, false},
		{"second", msg(now, "1", nil, young), now.Add(time.Second), false},
		{"third in window", msg(now, "1", nil, young), now.Add(2 * time.Second), true},
		{"ignored channel", msg(now, "500", nil, young), now.Add(3 * time.Second), false},
		{"ignored role", msg(now, "1", []string{"600"}, young), now.Add(3 * time.Second), false},
		{"old account trusted", msg(now, "1", nil, now.AddDate(-1, 0, 0)), now.Add(3 * time.Second), false},
		{"after the window", msg(now, "1", nil, young), now.Add(time.Minute), false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if got := len(evaluate([]*compiledRule{cr}, st.m, rt, st.at)) == 1; got != st.want {
				t.Fatalf("matched=%v, want %v", got, st.want)
			}
		})
	}
}

func TestAutomodWarnOpensCaseForRule(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	cfg, _ := svc.Config(ctx(t), guildA)
	cfg.AutomodEnabled = true
	if _, err := svc.SaveConfig(ctx(t), guildA, cfg, modA); err != nil {
		t.Fatal(err)
	}
	r, err := svc.CreateRule(ctx(t), guildA, wordRule("Words", "scam"), modA)
	if err != nil {
		t.Fatal(err)
	}
	m := &Message{GuildID: guildA, ChannelID: "400000000000000001", MessageID: "700000000000000001", AuthorID: userX, Content: "this is a SCAM"}
	if err := svc.HandleMessage(ctx(t), m); err != nil {
		t.Fatal(err)
	}
	in := decode[Infraction](t, rec.waitFor(t, EventInfractionCreated, 1)[0])
	if in.Source != SourceAutomod || in.RuleID != r.ID || in.Type != TypeWarn || in.UpdatedBy != SourceAutomod || !strings.Contains(in.Reason, "Words") {
		t.Fatalf("automod case: %+v", in)
	}
	waitUntil(t, rec, EventStatsUpdated, func(st Stats) bool {
		return len(st.TopRules) == 1 && st.TopRules[0].Hits == 1 && st.ByType[TypeWarn] == 1
	})
	if err := svc.HandleMessage(ctx(t), &Message{GuildID: guildA, AuthorID: userX, Content: "all good"}); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.named(EventInfractionCreated)); n != 1 {
		t.Fatalf("a clean message opened a case: %d", n)
	}
}
