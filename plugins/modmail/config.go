package modmail

import (
	"fmt"
	"strings"

	"github.com/warden-bot/warden/core"
)

// Config is a guild's modmail settings, served at
// GET|PUT /api/guilds/{guildId}/modmail/config and drawn by the dashboard
// from its schema.
type Config struct {
	core.ConfigMeta
	// Enabled lets members open conversations with this server by DM.
	Enabled bool `json:"enabled" label:"Modmail" help:"Members may DM the bot to reach this server's staff."`
	// CategoryID is where conversation channels are created.
	CategoryID string `json:"categoryId" label:"Category" help:"Conversation channels are created here." widget:"channel" channel:"category"`
	// OverflowCategoryID takes new channels once the category holds
	// Discord's 50; empty refuses new conversations then.
	OverflowCategoryID string `json:"overflowCategoryId" label:"Overflow category" help:"Used when the category is full (Discord allows 50 channels in one); empty: new conversations are refused until one closes." widget:"channel" channel:"category"`
	// UseThreads opens a private thread in ThreadChannelID instead of a
	// channel.
	UseThreads bool `json:"useThreads" label:"Private threads" help:"Open each conversation as a private thread of the channel below instead of a channel."`
	// ThreadChannelID is the text channel holding the threads.
	ThreadChannelID string `json:"threadChannelId" label:"Threads channel" help:"With private threads: the channel they are opened in." widget:"channel" channel:"text"`
	// StaffRoles may answer and manage conversations (besides Manage
	// Server and administrators).
	StaffRoles []string `json:"staffRoles" label:"Staff roles" help:"May reply to, claim and close conversations, besides members with Manage Server." widget:"role" maxitems:"25"`
	// Confirm asks the member to confirm before a conversation opens.
	Confirm bool `json:"confirm" label:"Ask to confirm" help:"The member confirms with a button before the conversation opens."`
	// MinAccountAgeDays refuses accounts younger than this.
	MinAccountAgeDays int `json:"minAccountAgeDays" label:"Minimum account age (days)" help:"Younger accounts cannot open a conversation; 0 allows all." min:"0" max:"3650"`
	// CooldownSeconds is the wait after a conversation closed before the
	// member may open another.
	CooldownSeconds int64 `json:"cooldownSeconds" label:"Cooldown" help:"How long after a conversation closes before the member may open another." widget:"duration" min:"0" max:"2592000"`
	// AutoCloseSeconds closes a conversation after so long without a
	// message; zero never.
	AutoCloseSeconds int64 `json:"autoCloseSeconds" label:"Close after inactivity" help:"Closes a conversation after so long without a message; empty: never." widget:"duration" min:"0" max:"2592000"`
	// WarnBeforeSeconds warns the member so long before an automatic
	// close.
	WarnBeforeSeconds int64 `json:"warnBeforeSeconds" label:"Warn before closing" help:"The member is warned so long before an automatic close." widget:"duration" min:"0" max:"604800"`
	// CloseOnLeave closes a member's conversation when they leave.
	CloseOnLeave bool `json:"closeOnLeave" label:"Close when the member leaves" help:"A conversation closes when its member leaves the server."`
	// MaxAttachmentMB bounds a relayed attachment.
	MaxAttachmentMB int `json:"maxAttachmentMB" label:"Largest attachment (MB)" help:"Attachments above this are not relayed; the sender is told." min:"1" max:"25"`
	// Messages are what the member is sent.
	Messages map[string]string `json:"messages" label:"Messages to the member" widget:"template" keys:"greeting,closing,confirm" vars:"user,guild" maxlen:"1000"`
	// Departments route conversations; with several the member chooses.
	Departments []Department `json:"departments" label:"Departments" help:"With two or more the member chooses one; each may have its own category and role." maxitems:"10"`
	// Snippets are saved replies: /snippet name, or from the dashboard.
	Snippets []Snippet `json:"snippets" label:"Snippets" help:"Saved replies; their text may use {user}, {guild} and {staff}." maxitems:"50"`
}

// Department is one route for conversations.
type Department struct {
	Name        string `json:"name" label:"Name" maxlen:"50"`
	Description string `json:"description" label:"Description" maxlen:"100"`
	// CategoryID overrides the config's category; empty uses it.
	CategoryID string `json:"categoryId" label:"Category" widget:"channel" channel:"category"`
	// RoleID is pinged in the new conversation's channel.
	RoleID string `json:"roleId" label:"Role to ping" widget:"role"`
}

// Snippet is a saved reply.
type Snippet struct {
	Name string `json:"name" label:"Name" maxlen:"32"`
	Text string `json:"text" label:"Text" widget:"textarea" maxlen:"1800"`
}

// Limits on config and message input.
const (
	maxStaffRoles   = 25
	maxDepartments  = 10
	maxSnippets     = 50
	maxTemplateLen  = 1000
	maxContentLen   = 1800
	maxReasonLen    = 512
	maxCloseDelay   = 30 * 24 * 3600
	defaultAttachMB = 8
)

var messageKeys = []string{"greeting", "closing", "confirm"}

func defaultConfig(string) Config {
	return Config{
		StaffRoles: []string{}, Confirm: true, CloseOnLeave: true, MaxAttachmentMB: defaultAttachMB,
		WarnBeforeSeconds: 3600, Messages: map[string]string{}, Departments: []Department{}, Snippets: []Snippet{},
	}
}

// defaultMessages are used for a key the config leaves empty.
var defaultMessages = map[string]string{
	"greeting": "Thanks for your message! The staff of **{guild}** will answer here soon.",
	"closing":  "This conversation with **{guild}** was closed. Send a new message to open another.",
	"confirm":  "Open a conversation with the staff of **{guild}**?",
}

// message renders one of the member-facing messages.
func (c *Config) message(key, user, guild string) string {
	t := c.Messages[key]
	if strings.TrimSpace(t) == "" {
		t = defaultMessages[key]
	}
	return render(t, user, guild, "")
}

// render fills a template's variables.
func render(t, user, guild, staff string) string {
	return strings.NewReplacer("{user}", user, "{guild}", guild, "{staff}", staff).Replace(t)
}

// Validate reports the first bad value, naming the field.
func (c *Config) Validate() error {
	ids := map[string]string{"categoryId": c.CategoryID, "overflowCategoryId": c.OverflowCategoryID, "threadChannelId": c.ThreadChannelID}
	for field, id := range ids {
		if err := core.CheckChannelID(field, id); err != nil {
			return err
		}
	}
	if err := core.CheckRoleIDs("staffRoles", c.StaffRoles, maxStaffRoles); err != nil {
		return err
	}
	if c.UseThreads && c.Enabled && c.ThreadChannelID == "" {
		return core.BadRequest("threadChannelId: choose the channel the private threads are opened in")
	}
	if err := c.validateNumbers(); err != nil {
		return err
	}
	for k, v := range c.Messages {
		if !contains(messageKeys, k) {
			return core.BadRequest("messages.%s: unknown message; known: %s", k, strings.Join(messageKeys, ", "))
		}
		if len(v) > maxTemplateLen {
			return core.BadRequest("messages.%s: at most %d characters", k, maxTemplateLen)
		}
	}
	if err := c.validateDepartments(); err != nil {
		return err
	}
	return c.validateSnippets()
}

func (c *Config) validateNumbers() error {
	switch {
	case c.MinAccountAgeDays < 0 || c.MinAccountAgeDays > 3650:
		return core.BadRequest("minAccountAgeDays: 0 to 3650")
	case c.CooldownSeconds < 0 || c.CooldownSeconds > maxCloseDelay:
		return core.BadRequest("cooldownSeconds: 0 to %d", maxCloseDelay)
	case c.AutoCloseSeconds != 0 && (c.AutoCloseSeconds < 60 || c.AutoCloseSeconds > maxCloseDelay):
		return core.BadRequest("autoCloseSeconds: 0 (never) or 60 to %d", maxCloseDelay)
	case c.WarnBeforeSeconds < 0 || c.WarnBeforeSeconds > 604800:
		return core.BadRequest("warnBeforeSeconds: 0 to 604800")
	case c.MaxAttachmentMB < 0 || c.MaxAttachmentMB > 25:
		return core.BadRequest("maxAttachmentMB: 1 to 25")
	}
	return nil
}

func (c *Config) validateDepartments() error {
	if len(c.Departments) > maxDepartments {
		return core.BadRequest("departments: at most %d", maxDepartments)
	}
	seen := map[string]bool{}
	for i, d := range c.Departments {
		name := strings.TrimSpace(d.Name)
		switch {
		case name == "" || len(name) > 50:
			return core.BadRequest("departments[%d].name: 1 to 50 characters", i)
		case strings.Contains(name, ":"):
			return core.BadRequest("departments[%d].name: no colons (the name is part of a button's id)", i)
		case seen[strings.ToLower(name)]:
			return core.BadRequest("departments[%d].name: %q is used twice", i, name)
		case len(d.Description) > 100:
			return core.BadRequest("departments[%d].description: at most 100 characters", i)
		case d.CategoryID != "" && !core.IsSnowflake(d.CategoryID):
			return core.BadRequest("departments[%d].categoryId: %q is not a channel id", i, d.CategoryID)
		case d.RoleID != "" && !core.IsSnowflake(d.RoleID):
			return core.BadRequest("departments[%d].roleId: %q is not a role id", i, d.RoleID)
		}
		seen[strings.ToLower(name)] = true
	}
	return nil
}

func (c *Config) validateSnippets() error {
	if len(c.Snippets) > maxSnippets {
		return core.BadRequest("snippets: at most %d", maxSnippets)
	}
	seen := map[string]bool{}
	for i, s := range c.Snippets {
		switch {
		case !snippetName(s.Name):
			return core.BadRequest("snippets[%d].name: 1 to 32 characters a-z, 0-9, - or _", i)
		case seen[s.Name]:
			return core.BadRequest("snippets[%d].name: %q is used twice", i, s.Name)
		case strings.TrimSpace(s.Text) == "" || len(s.Text) > maxContentLen:
			return core.BadRequest("snippets[%d].text: 1 to %d characters", i, maxContentLen)
		}
		seen[s.Name] = true
	}
	return nil
}

func snippetName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// snippet returns the named snippet.
func (c *Config) snippet(name string) (Snippet, error) {
	for _, s := range c.Snippets {
		if s.Name == name {
			return s, nil
		}
	}
	return Snippet{}, core.Errorf(core.CodeNotFound, "snippet: no snippet named %q", name)
}

// department returns the department by name; "" is the default route.
func (c *Config) department(name string) (Department, error) {
	if name == "" {
		return Department{}, nil
	}
	for _, d := range c.Departments {
		if strings.EqualFold(d.Name, name) {
			return d, nil
		}
	}
	return Department{}, core.BadRequest("department: no department named %q", name)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// attachLimit is the largest attachment relayed, in bytes.
func (c *Config) attachLimit() int {
	mb := c.MaxAttachmentMB
	if mb == 0 {
		mb = defaultAttachMB
	}
	return mb << 20
}

// String names the guild config for logs.
func (c *Config) String() string { return fmt.Sprintf("modmail config v%d", c.Version) }
