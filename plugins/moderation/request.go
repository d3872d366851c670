package moderation

import (
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
)

// ActionRequest asks for one moderation action. The API decodes it from a
// POST infractions body; slash commands and automod fill it in directly.
type ActionRequest struct {
	Type     CaseType `json:"type"`
	TargetID string   `json:"userId"`
	Reason   string   `json:"reason"`
	// Points overrides the config's warnPoints for a warning; other types
	// carry none unless given.
	Points *int `json:"points"`
	// DurationSeconds is required for a timeout; for a ban, zero is
	// permanent.
	DurationSeconds   int64 `json:"durationSeconds"`
	DeleteMessageDays int   `json:"deleteMessageDays"`

	GuildID     string `json:"-"`
	ModeratorID string `json:"-"`
	Source      string `json:"-"`
	RuleID      string `json:"-"`
	RuleName    string `json:"-"`
}

// needsDiscord reports whether the case type is carried out on Discord.
func (t CaseType) needsDiscord() bool {
	switch t {
	case TypeTimeout, TypeKick, TypeBan, TypeUnban, TypeSoftban:
		return true
	}
	return false
}

// punitive reports whether the type acts against a member, so it may not
// target the owner, the bot, or a member above the bot.
func (t CaseType) punitive() bool {
	switch t {
	case TypeTimeout, TypeKick, TypeBan, TypeSoftban:
		return true
	}
	return false
}

// ranked reports whether the type acts on a member, so that the role
// hierarchy applies: a moderator may only warn or punish members ranked
// below them.
func (t CaseType) ranked() bool { return t == TypeWarn || t.punitive() }

// validate checks the request's own fields, naming the bad one.
func (r *ActionRequest) validate() error {
	if !validType(r.Type) {
		return core.BadRequest("type: %q must be one of warn, note, timeout, kick, ban, unban, softban", r.Type)
	}
	if !core.IsSnowflake(r.TargetID) {
		return core.BadRequest("userId: %q is not a user id", r.TargetID)
	}
	if r.ModeratorID != "" && !core.IsSnowflake(r.ModeratorID) {
		return core.BadRequest("moderator: %q is not a user id", r.ModeratorID)
	}
	if r.ModeratorID == r.TargetID && r.Type.ranked() {
		return core.BadRequest("you cannot %s yourself", r.Type)
	}
	if r.Reason == "" && r.Type == TypeNote {
		return core.BadRequest("reason: a note needs text")
	}
	if utf8.RuneCountInString(r.Reason) > maxReasonLen {
		return core.BadRequest("reason: at most %d characters", maxReasonLen)
	}
	if r.Points != nil && (*r.Points < 0 || *r.Points > maxPoints) {
		return core.BadRequest("points: must be 0-%d", maxPoints)
	}
	d := secondsDuration(r.DurationSeconds)
	switch r.Type {
	case TypeTimeout:
		if err := checkDuration("durationSeconds", r.DurationSeconds, maxTimeout, false); err != nil {
			return err
		}
	case TypeBan:
		if err := checkDuration("durationSeconds", r.DurationSeconds, maxBan, true); err != nil {
			return err
		}
	default:
		if d != 0 {
			return core.BadRequest("durationSeconds: a %s has no duration", r.Type)
		}
	}
	if r.DeleteMessageDays != 0 && r.Type != TypeBan && r.Type != TypeSoftban {
		return core.BadRequest("deleteMessageDays: only a ban or softban deletes messages")
	}
	if r.DeleteMessageDays < 0 || r.DeleteMessageDays > 7 {
		return core.BadRequest("deleteMessageDays: must be 0-7")
	}
	return nil
}

// points returns the points the case carries.
func (r *ActionRequest) points(cfg *Config) int {
	if r.Points != nil {
		return *r.Points
	}
	if r.Type == TypeWarn {
		return cfg.WarnPoints
	}
	return 0
}

// checkTarget refuses actions Discord would refuse or that make no sense.
func checkTarget(t CaseType, ti TargetInfo) error {
	switch {
	case !ti.Exists:
		return core.Errorf(core.CodeNotFound, "unknown user: Discord has no such user")
	case ti.IsSelf:
		return core.BadRequest("the bot cannot %s itself", t)
	case t.punitive() && ti.IsOwner:
		return core.BadRequest("the guild owner cannot be given a %s", t)
	case (t == TypeTimeout || t == TypeKick || t == TypeSoftban) && !ti.Member:
		return core.BadRequest("the user is not a member of this guild")
	case t.ranked() && ti.Member && ti.ModeratorUnranked:
		return core.Errorf(core.CodeForbidden, "you are not a member of this guild, so you have no place in its role hierarchy: you may only give a %s to members without roles", t)
	case t.ranked() && ti.Member && ti.AboveModerator:
		return core.Errorf(core.CodeForbidden, "the member's highest role is at or above yours; only someone ranked above them can give them a %s", t)
	case t.punitive() && ti.Member && ti.AboveBot:
		return core.BadRequest("the member's highest role is at or above the bot's; move the bot's role higher")
	case t == TypeUnban && !ti.Banned:
		return core.BadRequest("the user is not banned")
	}
	return nil
}
