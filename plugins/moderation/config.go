package moderation

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/warden-bot/warden/core"
)

// Config is a guild's moderation settings, served at
// GET|PUT /api/guilds/{guildId}/moderation/config.
type Config struct {
	core.ConfigMeta
	// ModeratorRoles may use the moderation commands besides members with
	// the matching Discord permission.
	ModeratorRoles []string `json:"moderatorRoles" label:"Moderator roles" help:"Members with these roles may use the moderation commands, besides those with the matching Discord permission." widget:"role" maxitems:"25"`
	// ModLogChannelID receives a post for every case; empty means none.
	ModLogChannelID string `json:"modLogChannelId" label:"Mod log channel" help:"Every case is posted here; empty posts none." widget:"channel" channel:"text"`
	// DMOnAction sends the member a DM rendered from DMTemplates.
	DMOnAction bool `json:"dmOnAction" label:"DM the member" help:"Send the member a direct message for every action, from the templates below."`
	// DMTemplates by case type; a missing type uses the default. Templates
	// may use {user} {guild} {type} {reason} {duration} {case} {points}.
	DMTemplates map[CaseType]string `json:"dmTemplates" label:"DM templates" help:"One message per action; an empty one uses the default." widget:"template" keys:"warn,timeout,kick,ban,softban,unban" vars:"user,guild,type,reason,duration,case,points" maxlen:"1500"`
	// WarnPoints is the points a warning carries when none are given.
	WarnPoints int `json:"warnPoints" label:"Points per warning" help:"The points a warning carries when the moderator gives none." min:"0" max:"1000"`
	// PointsExpireDays makes points stop counting after so many days;
	// zero means points never expire.
	PointsExpireDays int `json:"pointsExpireDays" label:"Points expire after (days)" help:"Points stop counting after so many days; 0 keeps them forever." min:"0" max:"3650"`
	// Thresholds are the escalation steps: reaching Points active points
	// carries out Action.
	Thresholds []Threshold `json:"thresholds" label:"Escalation" help:"Reaching so many active points carries out the action." maxitems:"10"`
	// AutomodEnabled turns the automod rules on for the guild.
	AutomodEnabled bool `json:"automodEnabled" label:"Automod" help:"Run the automod rules in this server."`
}

// Threshold is one escalation step.
type Threshold struct {
	Points int `json:"points" label:"Points" min:"1" max:"1000"`
	// Action is timeout, kick or ban.
	Action CaseType `json:"action" label:"Action" widget:"select" options:"timeout,kick,ban"`
	// DurationSeconds is the timeout length, or a temporary ban's; zero
	// bans permanently.
	DurationSeconds int64 `json:"durationSeconds" label:"Duration" help:"A timeout's length, or a temporary ban's; empty bans for good." widget:"duration" min:"0"`
}

// Limits on config and case input.
const (
	maxModeratorRoles = 25
	maxTemplateLen    = 1500
	maxThresholds     = 10
	maxPoints         = 1000
	maxReasonLen      = 512
	minDuration       = time.Minute
	maxTimeout        = 28 * 24 * time.Hour
	maxBan            = 365 * 24 * time.Hour
)

func defaultConfig(string) Config {
	return Config{
		ModeratorRoles: []string{},
		DMOnAction:     true,
		DMTemplates:    map[CaseType]string{},
		WarnPoints:     1,
		Thresholds:     []Threshold{},
	}
}

var templateFields = strings.NewReplacer("{user}", "", "{guild}", "", "{type}", "", "{reason}", "",
	"{duration}", "", "{case}", "", "{points}", "")

// Validate reports the first bad value, naming the field.
func (c *Config) Validate() error {
	if err := core.CheckRoleIDs("moderatorRoles", c.ModeratorRoles, maxModeratorRoles); err != nil {
		return err
	}
	if err := core.CheckChannelID("modLogChannelId", c.ModLogChannelID); err != nil {
		return err
	}
	for t, tpl := range c.DMTemplates {
		if !validType(t) {
			return core.BadRequest("dmTemplates: unknown case type %q", t)
		}
		if len(tpl) > maxTemplateLen {
			return core.BadRequest("dmTemplates.%s: at most %d characters", t, maxTemplateLen)
		}
		if rest := templateFields.Replace(tpl); strings.Contains(rest, "{") {
			return core.BadRequest("dmTemplates.%s: unknown placeholder; use {user} {guild} {type} {reason} {duration} {case} {points}", t)
		}
	}
	if c.WarnPoints < 0 || c.WarnPoints > maxPoints {
		return core.BadRequest("warnPoints: must be 0-%d", maxPoints)
	}
	if c.PointsExpireDays < 0 || c.PointsExpireDays > 3650 {
		return core.BadRequest("pointsExpireDays: must be 0-3650")
	}
	return validateThresholds(c.Thresholds)
}

func validateThresholds(ts []Threshold) error {
	if len(ts) > maxThresholds {
		return core.BadRequest("thresholds: at most %d steps", maxThresholds)
	}
	seen := map[int]bool{}
	for i, t := range ts {
		field := fmt.Sprintf("thresholds[%d]", i)
		if t.Points < 1 || t.Points > maxPoints {
			return core.BadRequest("%s.points: must be 1-%d", field, maxPoints)
		}
		if seen[t.Points] {
			return core.BadRequest("%s.points: %d is used by another step", field, t.Points)
		}
		seen[t.Points] = true
		d := secondsDuration(t.DurationSeconds)
		switch t.Action {
		case TypeTimeout:
			if err := checkDuration(field+".durationSeconds", t.DurationSeconds, maxTimeout, false); err != nil {
				return err
			}
		case TypeBan:
			if err := checkDuration(field+".durationSeconds", t.DurationSeconds, maxBan, true); err != nil {
				return err
			}
		case TypeKick:
			if d != 0 {
				return core.BadRequest("%s.durationSeconds: a kick has no duration", field)
			}
		default:
			return core.BadRequest("%s.action: %q must be timeout, kick or ban", field, t.Action)
		}
	}
	return nil
}

// checkDuration checks a duration in seconds against [minDuration, max];
// zero passes when zeroOK (a permanent ban). The message gives the value
// as sent: converting a huge one first would overflow.
func checkDuration(field string, secs int64, max time.Duration, zeroOK bool) error {
	if secs == 0 && zeroOK {
		return nil
	}
	if d := secondsDuration(secs); d < minDuration || d > max {
		lo, hi := int64(minDuration/time.Second), int64(max/time.Second)
		return core.BadRequest("%s: must be %d to %d seconds (%s to %s), got %d", field, lo, hi, humanDuration(lo), humanDuration(hi), secs)
	}
	return nil
}

// secondsDuration converts a count of seconds from a request into a
// Duration, saturating where time.Duration(s)*time.Second would overflow
// (and could even wrap to zero).
func secondsDuration(s int64) time.Duration {
	const maxSecs = math.MaxInt64 / int64(time.Second)
	switch {
	case s > maxSecs:
		return math.MaxInt64
	case s < -maxSecs:
		return math.MinInt64
	}
	return time.Duration(s) * time.Second
}
