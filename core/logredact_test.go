package core_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

func TestRedactorMasksSecrets(t *testing.T) {
	r := core.NewRedactor("the-bot-token-literal", "short")
	tests := []struct {
		name, in, secret, keep string
	}{
		{"oauth2 form body", "client_id=1&client_secret=s3cr3t-value&code=abc123def&grant_type=authorization_code", "s3cr3t-value", "grant_type=authorization_code"},
		{"oauth2 form code", "client_id=1&client_secret=x&code=abc123def&grant_type=authorization_code", "abc123def", "client_id=1"},
		{"refresh form", "grant_type=refresh_token&refresh_token=rt-0123456789", "rt-0123456789", "grant_type=refresh_token"},
		{"token response", `{"access_token":"at-0123456789","token_type":"Bearer","refresh_token":"rt-9876543210"}`, "at-0123456789", `"token_type":"Bearer"`},
		{"token response refresh", `{"access_token": "at-0123456789", "refresh_token": "rt-9876543210"}`, "rt-9876543210", "access_token"},
		{"identify", `{"op":2,"d":{"token":"Ym90.dG9rZW4.secretpart","intents":513}}`, "secretpart", `"intents":513`},
		{"interaction callback", "http://127.0.0.1:1/api/v10/interactions/1234567/aW50ZXJhY3Rpb24.deadbeef/callback", "aW50ZXJhY3Rpb24.deadbeef", "/interactions/1234567/"},
		{"webhook", "PATCH /api/v10/webhooks/99/aW50ZXJhY3Rpb24.cafe/messages/@original", "aW50ZXJhY3Rpb24.cafe", "/messages/@original"},
		{"authorization", "Authorization: Bot Ym90LXRva2VuLXZhbHVl", "Ym90LXRva2VuLXZhbHVl", "Authorization: Bot "},
		{"bearer", "Bearer at-0123456789abc", "at-0123456789abc", "Bearer "},
		{"jwt", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here", "eyJhbGciOiJIUzI1NiJ9", " here"},
		{"literal anywhere", "prefix the-bot-token-literal suffix", "the-bot-token-literal", "prefix "},
		{"callback query", "/api/auth/callback?code=abc123def&state=xyz", "abc123def", "state=xyz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := r.String(tc.in)
			if strings.Contains(got, tc.secret) {
				t.Fatalf("%q still holds %q", got, tc.secret)
			}
			if !strings.Contains(got, tc.keep) || !strings.Contains(got, core.Redacted) {
				t.Fatalf("%q lost %q or was not marked", got, tc.keep)
			}
		})
	}
	t.Run("ordinary text is unchanged", func(t *testing.T) {
		for _, s := range []string{"request path=/api/guilds status=200", `{"code":50035,"message":"Invalid Form Body"}`, "a short secret"} {
			if got := r.String(s); got != s {
				t.Fatalf("%q became %q", s, got)
			}
		}
	})
}

func TestRedactHandlerMasksAttributesGroupsAndErrors(t *testing.T) {
	var buf bytes.Buffer
	h := core.RedactHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}), core.NewRedactor("literal-secret-1"))
	log := slog.New(h).With("ctx", "literal-secret-1").WithGroup("g")
	err := fmt.Errorf("rest: %w", errors.New(`Post "http://x/api/v10/interactions/1/tok-abcdef/callback": refused`))
	log.Debug("new request literal-secret-1", "body", "client_secret=abc-def-ghi", "err", err,
		slog.Group("inner", "raw", []byte(`{"refresh_token":"rt-1234567"}`)))
	out := buf.String()
	for _, s := range []string{"literal-secret-1", "abc-def-ghi", "tok-abcdef", "rt-1234567"} {
		if strings.Contains(out, s) {
			t.Fatalf("log holds %q: %s", s, out)
		}
	}
	if !strings.Contains(out, "interactions/1/"+core.Redacted) {
		t.Fatalf("the error lost its context: %s", out)
	}
}
