package discordbot

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/disgoorg/disgo/discord"
	djson "github.com/disgoorg/json"

	"github.com/warden-bot/warden/core"
)

// routedCommand is a plugin's command and its definition for Discord.
type routedCommand struct {
	plugin core.PluginHandle
	cmd    core.Command
	create discord.ApplicationCommandCreate
}

// commandKey names a command among the registered ones: Discord allows a
// slash command, a user command and a message command of the same name.
func commandKey(t core.CommandType, name string) string {
	if t == 0 || t == core.SlashCommand {
		return name
	}
	return strconv.Itoa(int(t)) + ":" + name
}

// display names a command in logs and activity: "/warn", or "Report
// message" for a context-menu command.
func (rc routedCommand) display() string {
	if rc.cmd.CommandType() == core.SlashCommand {
		return "/" + rc.cmd.Name
	}
	return rc.cmd.Name
}

// wireOption is a command option in Discord's JSON shape.
type wireOption struct {
	Type         int          `json:"type"`
	Name         string       `json:"name"`
	Description  string       `json:"description"`
	Required     bool         `json:"required,omitempty"`
	Choices      []wireChoice `json:"choices,omitempty"`
	Options      []wireOption `json:"options,omitempty"`
	Autocomplete bool         `json:"autocomplete,omitempty"`
	MinValue     *float64     `json:"min_value,omitempty"`
	MaxValue     *float64     `json:"max_value,omitempty"`
	MinLength    *int         `json:"min_length,omitempty"`
	MaxLength    *int         `json:"max_length,omitempty"`
	ChannelTypes []int        `json:"channel_types,omitempty"`
}

type wireChoice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

func wireOptions(opts []core.CommandOption) []wireOption {
	out := make([]wireOption, len(opts))
	for i, o := range opts {
		w := wireOption{Type: int(o.Type), Name: o.Name, Description: o.Description, Required: o.Required,
			Options: wireOptions(o.Options), Autocomplete: o.Autocomplete, MinValue: o.MinValue, MaxValue: o.MaxValue,
			MinLength: o.MinLength, MaxLength: o.MaxLength, ChannelTypes: o.ChannelTypes}
		for _, c := range o.Choices {
			w.Choices = append(w.Choices, wireChoice(c))
		}
		if len(w.Options) == 0 {
			w.Options = nil
		}
		out[i] = w
	}
	return out
}

// commandCreate turns a plugin's command into disgo's definition. Options
// go through Discord's JSON shape, which disgo decodes into its typed
// options.
func commandCreate(c core.Command) (discord.ApplicationCommandCreate, error) {
	var perms *djson.Nullable[discord.Permissions]
	if c.DefaultMemberPermissions != nil {
		perms = djson.NewNullablePtr(discord.Permissions(*c.DefaultMemberPermissions))
	}
	switch c.CommandType() {
	case core.UserCommand:
		return discord.UserCommandCreate{Name: c.Name, DefaultMemberPermissions: perms}, nil
	case core.MessageCommand:
		return discord.MessageCommandCreate{Name: c.Name, DefaultMemberPermissions: perms}, nil
	case core.SlashCommand:
	default:
		return nil, fmt.Errorf("command %s: unknown command type %d", c.Name, c.Type)
	}
	create := discord.SlashCommandCreate{Name: c.Name, Description: c.Description, DefaultMemberPermissions: perms}
	for _, w := range wireOptions(c.Options) {
		raw, err := json.Marshal(w)
		if err != nil {
			return nil, fmt.Errorf("command /%s option %s: %w", c.Name, w.Name, err)
		}
		var u discord.UnmarshalApplicationCommandOption
		if err := json.Unmarshal(raw, &u); err != nil {
			return nil, fmt.Errorf("command /%s option %s: %w", c.Name, w.Name, err)
		}
		create.Options = append(create.Options, u.ApplicationCommandOption)
	}
	return create, nil
}
