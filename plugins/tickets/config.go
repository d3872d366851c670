package tickets

import (
	"github.com/warden-bot/warden/core"
)

// Config is a guild's ticket settings, served at
// GET|PUT /api/guilds/{guildId}/tickets/config. What differs per kind of
// ticket (questions, staff roles, channel or thread) is on the panel's
// categories instead.
type Config struct {
	core.ConfigMeta
	// StaffRoles handle every category's tickets, besides each category's
	// own staff roles and members who can manage the server.
	StaffRoles []string `json:"staffRoles" label:"Staff roles" help:"Members with these roles handle tickets of every category, besides each category's own staff roles." widget:"role" maxitems:"25"`
	// TranscriptChannelID receives each ticket's transcript at close;
	// empty posts none (transcripts stay on the dashboard).
	TranscriptChannelID string `json:"transcriptChannelId" label:"Transcript channel" help:"Each closed ticket's transcript is posted here as an HTML file; empty posts none (they stay on the dashboard)." widget:"channel" channel:"text"`
	// InactivitySeconds closes a ticket with no message for so long;
	// zero never auto-closes.
	InactivitySeconds int64 `json:"inactivitySeconds" label:"Auto-close after inactivity" help:"A ticket with no message for this long is warned, then closed; empty never auto-closes." widget:"duration" min:"0" max:"2592000"`
	// WarningSeconds is how long before the auto-close the ticket is
	// warned; a message in between keeps it open. Zero means one hour.
	WarningSeconds int64 `json:"warningSeconds" label:"Warn before closing" help:"How long before an auto-close the ticket is warned; any message keeps it open. Empty: one hour." widget:"duration" min:"0" max:"604800"`
	// DMTranscript sends the opener a link-free summary when their ticket
	// closes.
	DMOnClose bool `json:"dmOnClose" label:"DM the member at close" help:"Tell the member by direct message that their ticket was closed, and why."`
}

// Limits on config input.
const (
	maxStaffRoles    = 25
	maxInactivity    = 30 * 24 * 3600
	maxWarning       = 7 * 24 * 3600
	defaultWarning   = 3600
	minAutoCloseSecs = 60
)

func defaultConfig(string) Config {
	return Config{StaffRoles: []string{}}
}

// warning is the warning period in seconds, never longer than the
// inactivity period itself.
func (c *Config) warning() int64 {
	w := c.WarningSeconds
	if w == 0 {
		w = defaultWarning
	}
	if w > c.InactivitySeconds {
		w = c.InactivitySeconds
	}
	return w
}

// Validate reports the first bad value, naming the field.
func (c *Config) Validate() error {
	if err := core.CheckRoleIDs("staffRoles", c.StaffRoles, maxStaffRoles); err != nil {
		return err
	}
	if err := core.CheckChannelID("transcriptChannelId", c.TranscriptChannelID); err != nil {
		return err
	}
	if c.InactivitySeconds < 0 || c.InactivitySeconds > maxInactivity || (c.InactivitySeconds > 0 && c.InactivitySeconds < minAutoCloseSecs) {
		return core.BadRequest("inactivitySeconds: must be 0 (off) or %d to %d seconds", minAutoCloseSecs, maxInactivity)
	}
	if c.WarningSeconds < 0 || c.WarningSeconds > maxWarning {
		return core.BadRequest("warningSeconds: must be 0 to %d seconds", maxWarning)
	}
	return nil
}
