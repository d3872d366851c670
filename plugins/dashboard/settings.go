package dashboard

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezones validate the same on every host

	"github.com/warden-bot/warden/core"
)

// Settings is a guild's dashboard settings document.
type Settings struct {
	core.ConfigMeta `bson:",inline"`
	// Locale is a BCP 47 language tag such as "en-US".
	Locale string `json:"locale" bson:"locale"`
	// Timezone is an IANA zone name such as "UTC" or "Europe/Berlin"; the
	// dashboard shows times in it.
	Timezone string `json:"timezone" bson:"timezone"`
	// DateFormat is "relative" or "absolute".
	DateFormat string `json:"dateFormat" bson:"dateFormat"`
}

func defaultSettings(string) Settings {
	return Settings{Locale: "en-US", Timezone: "UTC", DateFormat: "relative"}
}

var localePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Validate implements the document check run before each save.
func (s *Settings) Validate() error {
	var errs []string
	if !localePattern.MatchString(s.Locale) {
		errs = append(errs, fmt.Sprintf("locale %q: want a language tag such as en-US", s.Locale))
	}
	if len(s.Timezone) > 64 {
		errs = append(errs, "timezone: longer than 64 characters")
	} else if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" || s.Timezone == "Local" {
		errs = append(errs, fmt.Sprintf("timezone %q: want an IANA zone such as UTC or Europe/Berlin", s.Timezone))
	}
	if s.DateFormat != "relative" && s.DateFormat != "absolute" {
		errs = append(errs, fmt.Sprintf("dateFormat %q: want relative or absolute", s.DateFormat))
	}
	if len(errs) > 0 {
		return core.BadRequest("%s", strings.Join(errs, "; "))
	}
	return nil
}
