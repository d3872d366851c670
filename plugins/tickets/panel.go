package tickets

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// Panel is a message with a button per category (or one select menu),
// designed on the dashboard and posted in ChannelID. Editing it edits the
// posted message.
type Panel struct {
	store.Meta
	core.Stamp
	GuildID string `json:"guildId"`
	PanelInput
	// MessageID is the posted message; empty until posted.
	MessageID string    `json:"messageId"`
	CreatedAt time.Time `json:"createdAt"`
}

// Guild implements core.VersionedDoc.
func (p *Panel) Guild() string { return p.GuildID }

// Panel styles.
const (
	StyleButtons = "buttons"
	StyleSelect  = "select"
)

// Ticket modes: a text channel, or a private thread.
const (
	ModeChannel = "channel"
	ModeThread  = "thread"
)

// PanelInput is what staff write: the panel's look and its categories.
type PanelInput struct {
	Name        string `json:"name"`
	ChannelID   string `json:"channelId"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Color is the embed's colour, 0xRRGGBB; zero means Warden's blue.
	Color int `json:"color"`
	// Style is "buttons" (a button per category) or "select" (one menu).
	Style      string     `json:"style"`
	Categories []Category `json:"categories"`
}

// Category is one kind of ticket a panel opens.
type Category struct {
	// Key names the category in custom ids and stats: a-z, 0-9 and '-'.
	Key         string `json:"key"`
	Label       string `json:"label"`
	Emoji       string `json:"emoji"`
	Description string `json:"description"`
	// Mode is "channel" or "thread" (a private thread of ParentID, or of
	// the panel's channel when ParentID is empty).
	Mode string `json:"mode"`
	// ParentID is the Discord category a ticket channel is created in
	// (channel mode), or the text channel holding the threads.
	ParentID string `json:"parentId"`
	// OverflowParentID takes new ticket channels when ParentID is full
	// (Discord's 50 channels per category); empty refuses them clearly.
	OverflowParentID string `json:"overflowParentId"`
	// StaffRoles see and handle this category's tickets.
	StaffRoles []string `json:"staffRoles"`
	// NameTemplate names the channel: {number}, {user}, {category}.
	NameTemplate string `json:"nameTemplate"`
	// AllowMultiple lets a member hold several open tickets of this
	// category; by default one at a time.
	AllowMultiple bool `json:"allowMultiple"`
	// Closed categories accept no new tickets (the panel shows them
	// disabled).
	Closed bool `json:"closed"`
	// Welcome is posted first in each ticket; {user} mentions the opener.
	Welcome   string     `json:"welcome"`
	Questions []Question `json:"questions"`
}

// Question is one input of the category's modal.
type Question struct {
	Label       string `json:"label"`
	Placeholder string `json:"placeholder"`
	Paragraph   bool   `json:"paragraph"`
	Required    bool   `json:"required"`
	// MaxLength caps the answer; zero means Discord's 4000.
	MaxLength int `json:"maxLength"`
}

// Limits, Discord's where they are Discord's.
const (
	maxPanelsPerGuild   = 25
	maxCategories       = 25 // 5 rows of 5 buttons, or 25 select options
	maxQuestions        = 5  // a modal's inputs
	maxQuestionLabel    = 45
	maxAnswer           = 4000
	maxPlaceholder      = 100
	maxButtonLabel      = 80
	maxOptionDesc       = 100
	maxPanelName        = 80
	maxEmbedTitle       = 256
	maxEmbedDescription = 4000
	maxWelcome          = 2000
	maxNameTemplate     = 90
	maxCategoryKey      = 20
	maxReason           = 512
	maxChannelName      = 100
)

var keyPattern = regexp.MustCompile(`^[a-z0-9-]{1,20}$`)

var templateVars = strings.NewReplacer("{number}", "", "{user}", "", "{category}", "")

func checkLen(field, s string, max int, required bool) error {
	n := utf8.RuneCountInString(s)
	if required && strings.TrimSpace(s) == "" {
		return core.BadRequest("%s: required", field)
	}
	if n > max {
		return core.BadRequest("%s: at most %d characters, got %d", field, max, n)
	}
	return nil
}

// Validate reports the first bad value, naming the field.
func (in *PanelInput) Validate() error {
	if err := checkLen("name", in.Name, maxPanelName, true); err != nil {
		return err
	}
	if !core.IsSnowflake(in.ChannelID) {
		return core.BadRequest("channelId: choose the channel to post the panel in")
	}
	if err := checkLen("title", in.Title, maxEmbedTitle, true); err != nil {
		return err
	}
	if err := checkLen("description", in.Description, maxEmbedDescription, false); err != nil {
		return err
	}
	if in.Color < 0 || in.Color > 0xFFFFFF {
		return core.BadRequest("color: must be 0 to 0xFFFFFF")
	}
	switch in.Style {
	case "":
		in.Style = StyleButtons
	case StyleButtons, StyleSelect:
	default:
		return core.BadRequest("style: %q must be buttons or select", in.Style)
	}
	if len(in.Categories) == 0 || len(in.Categories) > maxCategories {
		return core.BadRequest("categories: a panel has 1 to %d categories", maxCategories)
	}
	seen := map[string]bool{}
	for i := range in.Categories {
		c := &in.Categories[i]
		if err := c.validate(fmt.Sprintf("categories[%d]", i)); err != nil {
			return err
		}
		if seen[c.Key] {
			return core.BadRequest("categories[%d].key: %q is used by another category", i, c.Key)
		}
		seen[c.Key] = true
	}
	return nil
}

func (c *Category) validate(field string) error {
	if !keyPattern.MatchString(c.Key) {
		return core.BadRequest("%s.key: 1 to %d of a-z, 0-9 and '-'", field, maxCategoryKey)
	}
	if err := checkLen(field+".label", c.Label, maxButtonLabel, true); err != nil {
		return err
	}
	if err := checkLen(field+".emoji", c.Emoji, 64, false); err != nil {
		return err
	}
	if err := checkLen(field+".description", c.Description, maxOptionDesc, false); err != nil {
		return err
	}
	switch c.Mode {
	case "":
		c.Mode = ModeChannel
	case ModeChannel, ModeThread:
	default:
		return core.BadRequest("%s.mode: %q must be channel or thread", field, c.Mode)
	}
	for _, id := range []struct{ name, v string }{{"parentId", c.ParentID}, {"overflowParentId", c.OverflowParentID}} {
		if err := core.CheckChannelID(field+"."+id.name, id.v); err != nil {
			return err
		}
	}
	if c.StaffRoles == nil {
		c.StaffRoles = []string{}
	}
	if err := core.CheckRoleIDs(field+".staffRoles", c.StaffRoles, maxStaffRoles); err != nil {
		return err
	}
	if c.NameTemplate == "" {
		c.NameTemplate = "ticket-{number}"
	}
	if err := checkLen(field+".nameTemplate", c.NameTemplate, maxNameTemplate, true); err != nil {
		return err
	}
	if strings.Contains(templateVars.Replace(c.NameTemplate), "{") {
		return core.BadRequest("%s.nameTemplate: unknown placeholder; use {number} {user} {category}", field)
	}
	if err := checkLen(field+".welcome", c.Welcome, maxWelcome, false); err != nil {
		return err
	}
	if c.Questions == nil {
		c.Questions = []Question{}
	}
	if len(c.Questions) > maxQuestions {
		return core.BadRequest("%s.questions: a modal holds at most %d questions", field, maxQuestions)
	}
	for i := range c.Questions {
		q := &c.Questions[i]
		qf := fmt.Sprintf("%s.questions[%d]", field, i)
		if err := checkLen(qf+".label", q.Label, maxQuestionLabel, true); err != nil {
			return err
		}
		if err := checkLen(qf+".placeholder", q.Placeholder, maxPlaceholder, false); err != nil {
			return err
		}
		if q.MaxLength < 0 || q.MaxLength > maxAnswer {
			return core.BadRequest("%s.maxLength: 0 (Discord's %d) to %d", qf, maxAnswer, maxAnswer)
		}
	}
	return nil
}

// answerLimit is a question's effective maximum answer length.
func (q Question) answerLimit() int {
	if q.MaxLength == 0 {
		return maxAnswer
	}
	return q.MaxLength
}

// category returns the panel's category with the key.
func (p *Panel) category(key string) (*Category, bool) {
	for i := range p.Categories {
		if p.Categories[i].Key == key {
			return &p.Categories[i], true
		}
	}
	return nil, false
}
