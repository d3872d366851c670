package moderation

import (
	"slices"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// CaseType is the kind of a moderation case.
type CaseType string

// The case types.
const (
	TypeWarn    CaseType = "warn"
	TypeNote    CaseType = "note"
	TypeTimeout CaseType = "timeout"
	TypeKick    CaseType = "kick"
	TypeBan     CaseType = "ban"
	TypeUnban   CaseType = "unban"
	TypeSoftban CaseType = "softban"
)

// CaseTypes lists every type in the order the dashboard shows them.
var CaseTypes = []CaseType{TypeWarn, TypeNote, TypeTimeout, TypeKick, TypeBan, TypeUnban, TypeSoftban}

func validType(t CaseType) bool { return slices.Contains(CaseTypes, t) }

// Status is where a case stands.
//
// A case is written as pending before its Discord action runs and becomes
// active (the action was carried out) or failed (Discord refused; Error says
// why) in the same flow, before any event is sent. Active cases later become
// expired (their expiry passed, or a ban was lifted by an unban), pardoned
// or appealed. Only active and appealed cases count towards points.
type Status string

// The statuses.
const (
	StatusPending  Status = "pending"
	StatusActive   Status = "active"
	StatusFailed   Status = "failed"
	StatusExpired  Status = "expired"
	StatusPardoned Status = "pardoned"
	StatusAppealed Status = "appealed"
)

// Infraction is one numbered moderation case.
type Infraction struct {
	store.Meta
	GuildID string `json:"guildId"`
	// Number is the case number: per guild, from 1, with no gaps.
	Number   int64    `json:"number"`
	Type     CaseType `json:"type"`
	TargetID string   `json:"targetId"`
	// ModeratorID is the user who acted; empty for automod and escalation,
	// which set RuleID or Source instead.
	ModeratorID string `json:"moderatorId,omitempty"`
	// Source is "manual", "automod" or "escalation".
	Source   string `json:"source"`
	RuleID   string `json:"ruleId,omitempty"`
	RuleName string `json:"ruleName,omitempty"`
	Reason   string `json:"reason"`
	Points   int    `json:"points"`
	// DurationSeconds is the timeout or temporary ban length; zero for
	// permanent bans and actions without a duration.
	DurationSeconds   int64 `json:"durationSeconds,omitempty"`
	DeleteMessageDays int   `json:"deleteMessageDays,omitempty"`
	// ExpiresAt is when a timeout ends, a temporary ban is lifted, or a
	// warning's points stop counting. The scheduler acts on it.
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	Status    Status     `json:"status"`
	// Error is Discord's refusal for a failed case.
	Error     string    `json:"error,omitempty"`
	Edits     []Edit    `json:"edits"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy"`
}

// Edit is one change to a case, kept for its history.
type Edit struct {
	At    time.Time `json:"at"`
	By    string    `json:"by"`
	Field string    `json:"field"`
	From  string    `json:"from"`
	To    string    `json:"to"`
	// Note says why, for changes the system made.
	Note string `json:"note,omitempty"`
}

// Case sources.
const (
	SourceManual     = "manual"
	SourceAutomod    = "automod"
	SourceEscalation = "escalation"
)

// SystemActor is the UpdatedBy of changes the scheduler makes.
const SystemActor = "system"

// countsPoints reports whether the case's points count towards escalation.
func (in *Infraction) countsPoints() bool {
	return in.Status == StatusActive || in.Status == StatusAppealed
}
