package discordbot

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/disgoorg/disgo/discord"

	"github.com/warden-bot/warden/core"
)

// This file writes Warden's message, component and modal types in
// Discord's JSON shape. Responses go out through disgo's REST client (its
// rate limiter and retries) with these bodies, so core's types need no
// disgo counterpart.

type wireMessage struct {
	Content         *string          `json:"content,omitempty"`
	Flags           *int             `json:"flags,omitempty"`
	Embeds          *[]wireEmbed     `json:"embeds,omitempty"`
	Components      *[]wireComponent `json:"components,omitempty"`
	AllowedMentions *wireMentions    `json:"allowed_mentions,omitempty"`
	Attachments     *[]wireAttach    `json:"attachments,omitempty"`
}

type wireMentions struct {
	Parse []string `json:"parse"`
	Users []string `json:"users,omitempty"`
	Roles []string `json:"roles,omitempty"`
}

type wireEmbed struct {
	Title       string           `json:"title,omitempty"`
	Description string           `json:"description,omitempty"`
	URL         string           `json:"url,omitempty"`
	Color       int              `json:"color,omitempty"`
	Timestamp   string           `json:"timestamp,omitempty"`
	Fields      []wireEmbedField `json:"fields,omitempty"`
	Footer      *wireText        `json:"footer,omitempty"`
	Author      *wireName        `json:"author,omitempty"`
	Image       *wireURL         `json:"image,omitempty"`
	Thumbnail   *wireURL         `json:"thumbnail,omitempty"`
}

type wireEmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

type wireText struct {
	Text string `json:"text"`
}
type wireName struct {
	Name string `json:"name"`
}
type wireURL struct {
	URL string `json:"url"`
}

// wireComponent is any component: an action row, a button, a select menu
// or a text input; unused fields are left out.
type wireComponent struct {
	Type         int                `json:"type"`
	Components   []wireComponent    `json:"components,omitempty"`
	Style        int                `json:"style,omitempty"`
	Label        string             `json:"label,omitempty"`
	Emoji        *wireEmoji         `json:"emoji,omitempty"`
	CustomID     string             `json:"custom_id,omitempty"`
	URL          string             `json:"url,omitempty"`
	Disabled     bool               `json:"disabled,omitempty"`
	Placeholder  string             `json:"placeholder,omitempty"`
	Options      []wireSelectOption `json:"options,omitempty"`
	MinValues    *int               `json:"min_values,omitempty"`
	MaxValues    int                `json:"max_values,omitempty"`
	ChannelTypes []int              `json:"channel_types,omitempty"`
	MinLength    *int               `json:"min_length,omitempty"`
	MaxLength    int                `json:"max_length,omitempty"`
	Required     *bool              `json:"required,omitempty"`
	Value        string             `json:"value,omitempty"`
}

type wireEmoji struct {
	Name string `json:"name"`
}

type wireSelectOption struct {
	Label       string `json:"label"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	Default     bool   `json:"default,omitempty"`
}

type wireAttach struct {
	ID          int    `json:"id"`
	Filename    string `json:"filename"`
	Description string `json:"description,omitempty"`
}

type wireModal struct {
	CustomID   string          `json:"custom_id"`
	Title      string          `json:"title"`
	Components []wireComponent `json:"components"`
}

// messageBody builds a message body; defaultMentions is used when the
// response leaves Mentions nil. edit leaves unset parts out so that an
// edit keeps them.
func messageBody(r core.Response, defaultMentions *core.AllowedMentions, edit bool) wireMessage {
	var m wireMessage
	if !edit || r.Content != "" {
		m.Content = &r.Content
	}
	if r.Ephemeral && !edit {
		f := int(discord.MessageFlagEphemeral)
		m.Flags = &f
	}
	if len(r.Embeds) > 0 || !edit {
		embeds := make([]wireEmbed, len(r.Embeds))
		for i, e := range r.Embeds {
			embeds[i] = embedBody(e)
		}
		m.Embeds = &embeds
	}
	if r.Components != nil || !edit {
		rows := componentsBody(r.Components)
		m.Components = &rows
	}
	mentions := r.Mentions
	if mentions == nil {
		mentions = defaultMentions
	}
	m.AllowedMentions = mentionsBody(mentions)
	if len(r.Files) > 0 {
		att := make([]wireAttach, len(r.Files))
		for i, f := range r.Files {
			att[i] = wireAttach{ID: i, Filename: f.Name, Description: f.Description}
		}
		m.Attachments = &att
	}
	return m
}

// usersOnly is the default for interaction responses: mentioned users
// ping, @everyone, @here and roles never do.
var usersOnly = &core.AllowedMentions{AllUsers: true}

func mentionsBody(a *core.AllowedMentions) *wireMentions {
	w := &wireMentions{Parse: []string{}, Users: a.Users, Roles: a.Roles}
	if a.Everyone {
		w.Parse = append(w.Parse, "everyone")
	}
	if a.AllUsers {
		w.Parse, w.Users = append(w.Parse, "users"), nil
	}
	if a.AllRoles {
		w.Parse, w.Roles = append(w.Parse, "roles"), nil
	}
	return w
}

func embedBody(e core.Embed) wireEmbed {
	w := wireEmbed{Title: e.Title, Description: e.Description, URL: e.URL, Color: e.Color}
	for _, f := range e.Fields {
		w.Fields = append(w.Fields, wireEmbedField(f))
	}
	if e.Footer != "" {
		w.Footer = &wireText{Text: e.Footer}
	}
	if e.Author != "" {
		w.Author = &wireName{Name: e.Author}
	}
	if e.ImageURL != "" {
		w.Image = &wireURL{URL: e.ImageURL}
	}
	if e.Thumbnail != "" {
		w.Thumbnail = &wireURL{URL: e.Thumbnail}
	}
	if e.Timestamp != nil {
		w.Timestamp = e.Timestamp.UTC().Format(time.RFC3339)
	}
	return w
}

func componentsBody(rows []core.ActionRow) []wireComponent {
	out := make([]wireComponent, 0, len(rows))
	for _, row := range rows {
		w := wireComponent{Type: 1}
		for _, c := range row {
			switch c := c.(type) {
			case core.Button:
				b := wireComponent{Type: int(core.ComponentButton), Style: int(c.Style), Label: c.Label, CustomID: c.CustomID, URL: c.URL, Disabled: c.Disabled}
				if b.Style == 0 {
					b.Style = int(core.ButtonSecondary)
				}
				if c.Emoji != "" {
					b.Emoji = &wireEmoji{Name: c.Emoji}
				}
				w.Components = append(w.Components, b)
			case core.SelectMenu:
				s := wireComponent{Type: int(c.Type), CustomID: c.CustomID, Placeholder: c.Placeholder, MaxValues: c.MaxValues,
					ChannelTypes: c.ChannelTypes, Disabled: c.Disabled}
				if s.Type == 0 {
					s.Type = int(core.ComponentStringSelect)
				}
				if c.MinValues > 0 {
					s.MinValues = &c.MinValues
				}
				for _, o := range c.Options {
					s.Options = append(s.Options, wireSelectOption(o))
				}
				w.Components = append(w.Components, s)
			}
		}
		out = append(out, w)
	}
	return out
}

func modalBody(m core.Modal) wireModal {
	w := wireModal{CustomID: m.CustomID, Title: m.Title}
	for _, in := range m.Inputs {
		req := in.Required
		t := wireComponent{Type: 4, CustomID: in.CustomID, Label: in.Label, Style: 1, Placeholder: in.Placeholder,
			Value: in.Value, Required: &req, MaxLength: in.MaxLength}
		if in.Paragraph {
			t.Style = 2
		}
		if in.MinLength > 0 {
			t.MinLength = &in.MinLength
		}
		w.Components = append(w.Components, wireComponent{Type: 1, Components: []wireComponent{t}})
	}
	return w
}

// withFiles makes a multipart body when there are files.
func withFiles(body any, files []core.File) (any, error) {
	if len(files) == 0 {
		return body, nil
	}
	df := make([]*discord.File, len(files))
	for i, f := range files {
		df[i] = discord.NewFile(f.Name, f.Description, bytes.NewReader(f.Data))
	}
	mp, err := discord.PayloadWithFiles(body, df...)
	if err != nil {
		return nil, fmt.Errorf("attach %d files: %w", len(files), err)
	}
	return mp, nil
}

// idString formats a snowflake id.
func idString(id uint64) string { return strconv.FormatUint(id, 10) }
