package dashboard

import (
	"strings"
	"time"
	_ "time/tzdata" // timezones validate the same on every host

	"golang.org/x/text/language"

	"github.com/warden-bot/warden/core"
)

// Settings is a guild's dashboard settings document. Every date the
// dashboard shows for the guild is written in its locale and timezone.
type Settings struct {
	core.ConfigMeta `bson:",inline"`
	// Locale is a BCP 47 language tag such as "en-US".
	Locale string `json:"locale" bson:"locale" label:"Locale" maxlen:"35" widget:"locale" help:"A language tag such as en-US, en-GB, de-DE or fr-FR: how dates and numbers are written."`
	// Timezone is an IANA zone name such as "UTC" or "Europe/Berlin"; the
	// dashboard shows times in it.
	Timezone string `json:"timezone" bson:"timezone" label:"Timezone" maxlen:"64" widget:"timezone" help:"Every date on the dashboard is shown in this zone."`
	// DateFormat is "relative" or "absolute".
	DateFormat string `json:"dateFormat" bson:"dateFormat" label:"Date format" widget:"select" options:"relative,absolute" help:"relative: \"5 min ago\" for recent times; absolute: always the date and time."`
}

func defaultSettings(string) Settings {
	return Settings{Locale: "en-US", Timezone: "UTC", DateFormat: "relative"}
}

// maxLocaleLen bounds a locale tag; real tags are far shorter.
const maxLocaleLen = 35

// Validate implements the document check run before each save. Each
// message starts with the field it concerns ("timezone: ..."), so the API
// names the field (error.field) and the form shows the message beside it.
// The first bad field is reported, in the form's order.
func (s *Settings) Validate() error {
	if err := validLocale(s.Locale); err != nil {
		return err
	}
	if err := validTimezone(s.Timezone); err != nil {
		return err
	}
	if s.DateFormat != "relative" && s.DateFormat != "absolute" {
		return core.BadRequest("dateFormat: %q is not a date format; want relative or absolute", s.DateFormat)
	}
	return nil
}

// validLocale accepts a well-formed BCP 47 language tag.
func validLocale(tag string) error {
	switch {
	case tag == "":
		return core.BadRequest("locale: empty; want a language tag such as en-US")
	case len(tag) > maxLocaleLen:
		return core.BadRequest("locale: longer than %d characters; want a language tag such as en-US", maxLocaleLen)
	}
	if _, err := language.Parse(tag); err != nil {
		return core.BadRequest("locale: %q is not a BCP 47 language tag; want one such as en-US, de-DE or pt-BR", tag)
	}
	return nil
}

// validTimezone accepts an IANA zone name from the embedded tz database.
// "Local" (the host's zone) and names that are paths are refused: the
// setting is the guild's, not the host's.
func validTimezone(zone string) error {
	switch {
	case zone == "":
		return core.BadRequest("timezone: empty; want an IANA zone such as UTC or Europe/Berlin")
	case len(zone) > 64:
		return core.BadRequest("timezone: longer than 64 characters; want an IANA zone such as UTC or Europe/Berlin")
	case zone == "Local" || strings.HasPrefix(zone, "/") || strings.Contains(zone, ".."):
		return core.BadRequest("timezone: %q is not an IANA zone; want one such as UTC or Europe/Berlin", zone)
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return core.BadRequest("timezone: %q is not an IANA zone; want one such as UTC or Europe/Berlin", zone)
	}
	return nil
}

// schema is the settings form the dashboard draws.
var schema = core.SchemaOf(Settings{})
