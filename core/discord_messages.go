package core

import (
	"fmt"
	"strings"
	"time"
)

// Response is a message a plugin sends in answer to an interaction: text,
// embeds, components (buttons and select menus) and files.
type Response struct {
	Content string
	// Ephemeral messages only the user who interacted sees.
	Ephemeral  bool
	Embeds     []Embed
	Components []ActionRow
	Files      []File
	// Mentions says whom the message may ping. Nil is the safe default:
	// users mentioned in the text, never @everyone, @here or a role, so
	// text that came from users cannot ping a crowd.
	Mentions *AllowedMentions
}

// AllowedMentions widens (or narrows) whom a message pings.
type AllowedMentions struct {
	// Everyone lets @everyone and @here ping.
	Everyone bool
	// AllUsers and AllRoles let every user or role mention ping; Users and
	// Roles list the only ones that may when the matching All is false.
	AllUsers, AllRoles bool
	Users, Roles       []string
}

// NoMentions pings nobody.
var NoMentions = &AllowedMentions{}

// Embed is a rich block in a message.
type Embed struct {
	Title, Description, URL string
	// Color is 0xRRGGBB; zero means none.
	Color     int
	Fields    []EmbedField
	Footer    string
	Author    string
	ImageURL  string
	Thumbnail string
	Timestamp *time.Time
}

// EmbedField is one name/value pair of an embed.
type EmbedField struct {
	Name, Value string
	Inline      bool
}

// File is an attachment uploaded with a message.
type File struct {
	Name        string
	Description string
	Data        []byte
}

// ActionRow is one row of a message's components: up to five buttons, or
// one select menu.
type ActionRow []Control

// Control is a Button or a SelectMenu.
type Control interface{ customID() string }

// ButtonStyle is how a button looks, with Discord's values.
type ButtonStyle int

// Button styles. Zero means ButtonSecondary.
const (
	ButtonPrimary   ButtonStyle = 1
	ButtonSecondary ButtonStyle = 2
	ButtonSuccess   ButtonStyle = 3
	ButtonDanger    ButtonStyle = 4
	ButtonLink      ButtonStyle = 5 // opens URL; no custom id, no interaction
)

// Button is a clickable button. CustomID must start with the plugin's id
// and a colon ("moderation:confirm:42"); a click is routed to the plugin's
// HandleComponent.
type Button struct {
	Style    ButtonStyle
	Label    string
	Emoji    string
	CustomID string
	URL      string // link buttons only
	Disabled bool
}

// ComponentType is the kind of component an interaction came from, with
// Discord's values.
type ComponentType int

// Component types that send interactions.
const (
	ComponentButton            ComponentType = 2
	ComponentStringSelect      ComponentType = 3
	ComponentUserSelect        ComponentType = 5
	ComponentRoleSelect        ComponentType = 6
	ComponentMentionableSelect ComponentType = 7
	ComponentChannelSelect     ComponentType = 8
)

// SelectMenu is a drop-down. Type is one of the *Select component types
// (zero means ComponentStringSelect); Options are for string selects only,
// the others list users, roles or channels. The chosen values (option
// values, or ids) arrive in Interaction.Values.
type SelectMenu struct {
	Type        ComponentType
	CustomID    string
	Placeholder string
	Options     []SelectOption
	// MinValues and MaxValues bound how many may be chosen; zero means 1.
	MinValues, MaxValues int
	// ChannelTypes limits a channel select (Discord's channel type numbers).
	ChannelTypes []int
	Disabled     bool
}

// SelectOption is one entry of a string select.
type SelectOption struct {
	Label, Value, Description string
	Default                   bool
}

// Modal is a form with text inputs. CustomID must start with the plugin's
// id; a submission is routed to the plugin's HandleModal with the inputs'
// values in Interaction.Fields.
type Modal struct {
	CustomID, Title string
	Inputs          []TextInput
}

// TextInput is one field of a modal.
type TextInput struct {
	CustomID, Label string
	// Paragraph makes a multi-line input.
	Paragraph            bool
	Placeholder, Value   string
	Required             bool
	MinLength, MaxLength int
}

func (b Button) customID() string     { return b.CustomID }
func (s SelectMenu) customID() string { return s.CustomID }

// maxCustomID is Discord's limit on a custom id.
const maxCustomID = 100

// CheckCustomID refuses a custom id that is not "<pluginID>:<something>",
// or longer than Discord allows.
func CheckCustomID(pluginID, id string) error {
	rest, ok := strings.CutPrefix(id, pluginID+":")
	switch {
	case !ok || rest == "":
		return &Error{Code: CodeBadRequest, Message: fmt.Sprintf("custom id %q must start with %q", id, pluginID+":"), Err: fmt.Errorf("plugin %s: %w", pluginID, ErrForeignCustomID)}
	case len(id) > maxCustomID:
		return &Error{Code: CodeBadRequest, Message: fmt.Sprintf("custom id %q is longer than %d characters", id, maxCustomID), Err: fmt.Errorf("plugin %s: %w", pluginID, ErrForeignCustomID)}
	}
	return nil
}

// PluginOfCustomID returns the plugin id a custom id starts with.
func PluginOfCustomID(id string) (string, bool) {
	p, rest, ok := strings.Cut(id, ":")
	return p, ok && p != "" && rest != ""
}

// CheckComponents checks every custom id of rows against the plugin.
func CheckComponents(pluginID string, rows []ActionRow) error {
	for _, row := range rows {
		for _, c := range row {
			if b, ok := c.(Button); ok && b.Style == ButtonLink {
				continue
			}
			if err := CheckCustomID(pluginID, c.customID()); err != nil {
				return err
			}
		}
	}
	return nil
}
