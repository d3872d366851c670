package moderation

import (
	"errors"
	"testing"

	"github.com/warden-bot/warden/core"
)

// checkRefusal fails unless err is a typed error a client can read.
func checkRefusal(t *testing.T, what string, err error) {
	t.Helper()
	var ue *core.Error
	if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest || ue.Message == "" {
		t.Fatalf("%s: refusal is not a BAD_REQUEST with a message: %#v", what, err)
	}
}

// FuzzRequestBodies feeds arbitrary bodies to every request body the
// plugin's API decodes, as the handlers do (strict decoding, then the
// validation the service runs before touching anything): a manual action,
// a rule (POST and PUT), a preset (POST and PUT), a case edit and the
// config document. Nothing may panic, every refusal is a BAD_REQUEST, and
// a rule that passes validation matches messages without panicking.
func FuzzRequestBodies(f *testing.F) {
	for _, s := range []string{
		`{"type":"ban","userId":"200000000000000005","reason":"spam","durationSeconds":86400,"deleteMessageDays":1}`,
		`{"type":"timeout","userId":"200000000000000005","durationSeconds":1e300}`,
		`{"type":"warn","userId":"200000000000000005","points":-1}`,
		`{"name":"no invites","enabled":true,"trigger":{"type":"invites"},"actions":[{"type":"delete"}]}`,
		`{"name":"bad words","trigger":{"type":"words","words":["a","b"]},"actions":[{"type":"warn"}],"version":2}`,
		`{"name":"re","trigger":{"type":"regex","pattern":"(a+)+$"},"actions":[{"type":"timeout","durationSeconds":60}]}`,
		`{"name":"links","trigger":{"type":"links","domainMode":"allow","domains":["example.com"]},"actions":[{"type":"delete"}]}`,
		`{"name":"p","description":"d","rules":[{"name":"r","trigger":{"type":"mentions","maxMentions":5},"actions":[{"type":"delete"}]}],"version":1}`,
		`{"reason":"edited","status":"pardoned"}`,
		`{"version":1,"moderatorRoles":["400000000000000001"],"warnPoints":1,"thresholds":[{"points":3,"action":"timeout","durationSeconds":600}]}`,
		`{"type":"kick"}`, `{}`, `[]`, `null`, `{"userId":1}`,
	} {
		f.Add([]byte(s))
	}
	msg := &Message{Content: "hello discord.gg/abc https://example.com <@1> aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", Mentions: 1}
	f.Fuzz(func(t *testing.T, body []byte) {
		var act ActionRequest
		if err := core.DecodeJSONStrict(body, &act); err == nil {
			act.GuildID, act.ModeratorID, act.Source = "300000000000000001", "200000000000000002", SourceManual
			if err := act.validate(); err != nil {
				checkRefusal(t, "action", err)
			} else {
				_ = act.points(&Config{})
			}
		}
		var rule RuleInput
		if err := core.DecodeJSONStrict(body, &rule); err == nil {
			fuzzRule(t, "rule", &rule, msg)
		}
		var preset PresetInput
		if err := core.DecodeJSONStrict(body, &preset); err == nil {
			if err := preset.validate(); err != nil {
				checkRefusal(t, "preset", err)
			}
		}
		var patch CasePatch
		_ = core.DecodeJSONStrict(body, &patch)
		var cfg Config
		if err := core.DecodeJSONStrict(body, &cfg); err == nil {
			if err := cfg.Validate(); err != nil {
				checkRefusal(t, "config", err)
			}
		}
	})
}

// fuzzRule validates a decoded rule and runs what it compiled.
func fuzzRule(t *testing.T, what string, r *RuleInput, msg *Message) {
	t.Helper()
	cr, err := r.validate()
	if err != nil {
		checkRefusal(t, what, err)
		return
	}
	if cr.match != nil {
		_ = cr.match(msg)
	}
}

// FuzzCaseCursor feeds arbitrary ?cursor= values to the case list's
// cursor decoder: it must never panic, must refuse with BAD_REQUEST, and a
// cursor it accepts names a case number it encodes back to.
func FuzzCaseCursor(f *testing.F) {
	for _, s := range []string{encodeCursor(1), encodeCursor(1 << 62), "bjA", "bi0x", "", "!!", "bjE=", "n1", "bjk5OTk5OTk5OTk5OTk5OTk5OTk5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		n, err := decodeCursor(c)
		if err != nil {
			checkRefusal(t, "cursor", err)
			return
		}
		if n < 1 {
			t.Fatalf("cursor %q accepted as case %d", c, n)
		}
		if back, err := decodeCursor(encodeCursor(n)); err != nil || back != n {
			t.Fatalf("case %d: round trip gave %d, %v", n, back, err)
		}
	})
}
