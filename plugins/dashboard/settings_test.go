package dashboard

import (
	"errors"
	"testing"

	"github.com/warden-bot/warden/core"
)

// TestSettingsValidate: each refusal is a BAD_REQUEST naming its field,
// so the form shows it beside the field.
func TestSettingsValidate(t *testing.T) {
	ok := defaultSettings("")
	cases := []struct {
		name  string
		edit  func(*Settings)
		field string
	}{
		{"defaults", func(*Settings) {}, ""},
		{"a zone with an offset", func(s *Settings) { s.Timezone = "Asia/Kolkata" }, ""},
		{"a region locale", func(s *Settings) { s.Locale = "pt-BR" }, ""},
		{"a script locale", func(s *Settings) { s.Locale = "zh-Hant-TW" }, ""},
		{"unknown zone", func(s *Settings) { s.Timezone = "Mars/Olympus_Mons" }, "timezone"},
		{"the host's zone", func(s *Settings) { s.Timezone = "Local" }, "timezone"},
		{"a path", func(s *Settings) { s.Timezone = "../../etc/passwd" }, "timezone"},
		{"empty zone", func(s *Settings) { s.Timezone = "" }, "timezone"},
		{"not a tag", func(s *Settings) { s.Locale = "english please" }, "locale"},
		{"empty locale", func(s *Settings) { s.Locale = "" }, "locale"},
		{"long locale", func(s *Settings) { s.Locale = "en-" + string(make([]byte, 40)) }, "locale"},
		{"date format", func(s *Settings) { s.DateFormat = "iso" }, "dateFormat"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := ok
			tc.edit(&s)
			err := s.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			var ue *core.Error
			if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest {
				t.Fatalf("Validate = %v, want a BAD_REQUEST", err)
			}
			if got := core.ErrorField(ue.Message); got != tc.field {
				t.Fatalf("error %q names field %q, want %q", ue.Message, got, tc.field)
			}
		})
	}
}

// TestSettingsSchema: the form draws the timezone as a searchable select.
func TestSettingsSchema(t *testing.T) {
	widgets := map[string]string{}
	for _, f := range schema.Fields {
		widgets[f.Name] = f.Widget
	}
	if widgets["timezone"] != "timezone" || widgets["locale"] != "locale" || widgets["dateFormat"] != "select" {
		t.Fatalf("widgets = %v", widgets)
	}
}
