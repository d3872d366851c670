package core

import "context"

// CommandType is the kind of application command, with Discord's values.
type CommandType int

// Command types. The zero value is a slash command.
const (
	SlashCommand   CommandType = 1
	UserCommand    CommandType = 2 // "Apps" menu on a user
	MessageCommand CommandType = 3 // "Apps" menu on a message
)

// OptionType is the type of a slash command option, with Discord's values.
type OptionType int

// Option types.
const (
	OptionSubcommand      OptionType = 1
	OptionSubcommandGroup OptionType = 2
	OptionString          OptionType = 3
	OptionInteger         OptionType = 4
	OptionBoolean         OptionType = 5
	OptionUser            OptionType = 6
	OptionChannel         OptionType = 7
	OptionRole            OptionType = 8
	OptionMentionable     OptionType = 9
	OptionNumber          OptionType = 10
	OptionAttachment      OptionType = 11
)

// Command is one application command and its handlers. Slash commands
// declare options; user and message commands (context menus) have a name
// only, and their handler reads Interaction.TargetID. A handler that
// returns an error without replying gets the error's user message as an
// ephemeral reply (see AsUserError).
type Command struct {
	// Type is the kind of command. Zero means SlashCommand.
	Type        CommandType
	Name        string
	Description string // slash commands only
	Options     []CommandOption
	// DefaultMemberPermissions hides the command from members without
	// these permission bits until a server admin says otherwise; nil
	// means everyone.
	DefaultMemberPermissions *uint64
	// DeferEphemeral makes the layer's automatic defer (for a handler
	// that has not answered within about 2 s) ephemeral; the deferred
	// response's visibility is then the reply's.
	DeferEphemeral bool

	Handle func(ctx context.Context, inv *Interaction) error
	// Autocomplete answers an option declared with Autocomplete while the
	// user types; inv.Focused names it and its current text is
	// inv.String(inv.Focused). At most 25 choices are sent.
	Autocomplete func(ctx context.Context, inv *Interaction) ([]Choice, error)
}

// CommandType returns the command's type, SlashCommand for zero.
func (c Command) CommandType() CommandType {
	if c.Type == 0 {
		return SlashCommand
	}
	return c.Type
}

// CommandOption is one option (or subcommand, or group of subcommands) of
// a slash command, as Discord declares it.
type CommandOption struct {
	Type        OptionType
	Name        string
	Description string
	Required    bool
	// Choices fix the values a user may pick (string, integer, number).
	Choices []Choice
	// Options are a subcommand's options, or a group's subcommands.
	Options []CommandOption
	// Autocomplete asks Command.Autocomplete for choices as the user types.
	Autocomplete bool
	// MinValue and MaxValue bound integer and number options.
	MinValue, MaxValue *float64
	// MinLength and MaxLength bound string options.
	MinLength, MaxLength *int
	// ChannelTypes limits a channel option (Discord's channel type numbers).
	ChannelTypes []int
}

// Choice is a fixed or autocompleted option value and the name shown for it.
// Value is a string, an int or a float64, matching the option's type.
type Choice struct {
	Name  string
	Value any
}
