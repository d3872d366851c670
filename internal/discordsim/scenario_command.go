package discordsim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Application command option types, as Discord numbers them.
const (
	OptionSubcommand      = 1
	OptionSubcommandGroup = 2
	OptionString          = 3
	OptionInteger         = 4
	OptionBoolean         = 5
	OptionUser            = 6
	OptionChannel         = 7
	OptionRole            = 8
	OptionMentionable     = 9
	OptionNumber          = 10
)

// CommandOption is a registered command's option, as Discord stores it:
// what an invocation is checked against, and what the demo fills.
type CommandOption struct {
	Type      int      `json:"type"`
	Name      string   `json:"name"`
	Required  bool     `json:"required"`
	MinValue  *float64 `json:"min_value"`
	MaxValue  *float64 `json:"max_value"`
	MaxLength *int     `json:"max_length"`
	Choices   []struct {
		Value any `json:"value"`
	} `json:"choices"`
	// Options are a subcommand's or a group's own options.
	Options []CommandOption `json:"options"`
	// Autocomplete asks the bot for choices while the user types.
	Autocomplete bool `json:"autocomplete"`
}

// Schema decodes the command's registered options.
func (c ApplicationCommand) Schema() ([]CommandOption, error) {
	var schema []CommandOption
	if len(c.Options) > 0 {
		if err := json.Unmarshal(c.Options, &schema); err != nil {
			return nil, fmt.Errorf("discordsim: /%s has unreadable options: %w", c.Name, err)
		}
	}
	return schema, nil
}

// InvokeCommand makes a user run a registered slash command (guild
// commands first, then global ones) in a channel; guildID 0 means in the
// user's DM with the bot. Options map option names to values: a string,
// an int, a bool, a float64, or an ID for a user, channel, role or
// mentionable option. Each must be one the command declares, with a value
// of the declared type, and every required option must be given, as a real
// Discord client ensures. A command declared with subcommands is run with
// InvokeSubcommand instead.
func (s *Server) InvokeCommand(guildID, channelID, userID ID, name string, options map[string]any) (*Interaction, error) {
	return s.invoke(guildID, channelID, userID, name, "", options)
}

// InvokeSubcommand makes a user run one subcommand of a registered slash
// command: sub is the subcommand's name ("show" for /case show), or a group
// and a subcommand separated by a space ("config set"). The interaction
// carries what Discord sends: the command's one option is the subcommand
// (type 1, inside its group of type 2) holding the given options. The
// subcommand must be declared, and options are checked as InvokeCommand
// checks them, against the subcommand's own options.
func (s *Server) InvokeSubcommand(guildID, channelID, userID ID, name, sub string, options map[string]any) (*Interaction, error) {
	if strings.TrimSpace(sub) == "" {
		return nil, fmt.Errorf("discordsim: /%s: no subcommand given", name)
	}
	return s.invoke(guildID, channelID, userID, name, sub, options)
}

func (s *Server) invoke(guildID, channelID, userID ID, name, sub string, options map[string]any) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	cmd, ok := s.findCommandLocked(guildID, name)
	if !ok {
		return nil, fmt.Errorf("discordsim: command %q is not registered", name)
	}
	opts, err := CommandOptions(cmd, sub, options)
	if err != nil {
		return nil, err
	}
	it, payload, err := s.newInteractionLocked(interactionCommand, guildID, channelID, userID)
	if err != nil {
		return nil, err
	}
	it.Name = strings.TrimSpace(name + " " + strings.Join(strings.Fields(sub), " "))
	payload["data"] = map[string]any{"id": cmd.ID, "name": name, "type": 1, "options": opts}
	s.startInteractionLocked(it, payload)
	return it, nil
}

// newInteractionLocked makes an interaction of type typ by a user in a
// channel (guildID 0: the user's DM with the bot) and its payload without
// data, as Discord sends it for every type.
func (s *Server) newInteractionLocked(typ int, guildID, channelID, userID ID) (*Interaction, map[string]any, error) {
	user, ok := s.users[userID]
	if !ok {
		return nil, nil, fmt.Errorf("discordsim: unknown user %s", userID)
	}
	var tok [24]byte
	_, _ = rand.Read(tok[:])
	it := &Interaction{ID: s.newIDLocked(kindInteraction), Token: "aW50ZXJhY3Rpb24." + hex.EncodeToString(tok[:]), Type: typ, GuildID: guildID,
		ChannelID: channelID, UserID: userID, responded: make(chan struct{}), srv: s}
	payload := map[string]any{
		"id": it.ID, "application_id": ApplicationID, "type": typ, "token": it.Token, "version": 1,
		"channel_id":   channelID,
		"locale":       "en-US",
		"entitlements": []any{},
	}
	if guildID == 0 {
		ch, err := s.dmChannelLocked(userID)
		if err != nil {
			return nil, nil, err
		}
		it.ChannelID = ch.ID
		payload["channel_id"], payload["channel"] = ch.ID, ch
		payload["user"], payload["context"] = user, 1
		payload["app_permissions"] = permString(everyonePerms)
		payload["authorizing_integration_owners"] = map[string]any{"0": "0"}
		return it, payload, nil
	}
	g, ch := s.channelLocked(channelID)
	if g == nil || g.ID != guildID {
		return nil, nil, fmt.Errorf("discordsim: channel %s is not in guild %s", channelID, guildID)
	}
	m, ok := g.Members[userID]
	if !ok {
		return nil, nil, fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, guildID)
	}
	pm := partialMember(m)
	pm["user"] = m.User
	pm["permissions"] = permString(g.memberPermissions(userID))
	payload["guild_id"], payload["channel"], payload["member"] = g.ID, ch, pm
	payload["guild"] = map[string]any{"id": g.ID, "locale": "en-US", "features": []string{}}
	payload["guild_locale"], payload["context"] = "en-US", 0
	payload["app_permissions"] = permString(g.memberPermissions(ApplicationID))
	payload["authorizing_integration_owners"] = map[string]any{"0": g.ID}
	return it, payload, nil
}

// startInteractionLocked keeps the interaction for its responses and
// dispatches INTERACTION_CREATE.
func (s *Server) startInteractionLocked(it *Interaction, payload map[string]any) {
	s.interactions[it.Token] = it
	it.payload = payload
	s.dispatchLocked(it.GuildID, 0, "INTERACTION_CREATE", payload)
}

func (s *Server) findCommandLocked(guildID ID, name string) (ApplicationCommand, bool) {
	return s.findCommandOfTypeLocked(guildID, name, 1)
}

// findCommandOfTypeLocked finds a registered command by name and type (1
// slash, 2 user, 3 message): Discord keeps the three kinds apart.
func (s *Server) findCommandOfTypeLocked(guildID ID, name string, typ int) (ApplicationCommand, bool) {
	for _, key := range []string{guildID.String(), ""} {
		for _, c := range s.commands[key] {
			if c.Name == name && (c.Type == typ || (c.Type == 0 && typ == 1)) {
				return c, true
			}
		}
	}
	return ApplicationCommand{}, false
}

// CommandOptions builds the interaction's options for sub ("" for none)
// of cmd, checked against the command's registered definition.
func CommandOptions(cmd ApplicationCommand, sub string, values map[string]any) ([]map[string]any, error) {
	return commandOptions(cmd, sub, values, nil)
}

// focus is the option a user is typing in, for autocomplete: its text so
// far. Required options need not be given yet.
type focus struct{ name, text string }

func commandOptions(cmd ApplicationCommand, sub string, values map[string]any, f *focus) ([]map[string]any, error) {
	schema, err := cmd.Schema()
	if err != nil {
		return nil, err
	}
	path := strings.Fields(sub)
	var subs []string
	for _, o := range schema {
		if o.Type == OptionSubcommand || o.Type == OptionSubcommandGroup {
			subs = append(subs, o.Name)
		}
	}
	if len(path) == 0 {
		if len(subs) > 0 {
			return nil, fmt.Errorf("discordsim: /%s has subcommands (%s); run one with InvokeSubcommand", cmd.Name, strings.Join(subs, ", "))
		}
		return leafOptions("/"+cmd.Name, schema, values, f)
	}
	if len(path) > 2 {
		return nil, fmt.Errorf("discordsim: /%s %s: at most a group and a subcommand", cmd.Name, sub)
	}
	level, want := schema, OptionSubcommand
	if len(path) == 2 {
		want = OptionSubcommandGroup
	}
	var chain []CommandOption
	for _, name := range path {
		o, ok := findOption(level, name, want)
		if !ok {
			return nil, fmt.Errorf("discordsim: /%s has no subcommand %q (declared: %s)", cmd.Name, strings.Join(path, " "), strings.Join(subs, ", "))
		}
		chain = append(chain, o)
		level, want = o.Options, OptionSubcommand
	}
	opts, err := leafOptions("/"+cmd.Name+" "+strings.Join(path, " "), level, values, f)
	if err != nil {
		return nil, err
	}
	// Nest the options inside the subcommand, and that inside its group.
	for i := len(chain) - 1; i >= 0; i-- {
		opts = []map[string]any{{"name": chain[i].Name, "type": chain[i].Type, "options": opts}}
	}
	return opts, nil
}

func findOption(opts []CommandOption, name string, typ int) (CommandOption, bool) {
	for _, o := range opts {
		if o.Name == name && o.Type == typ {
			return o, true
		}
	}
	return CommandOption{}, false
}

// leafOptions turns values into options of the declared types, in name
// order, refusing unknown names, wrong types and missing required ones.
// With a focus, the focused option (declared with autocomplete) comes
// last with its text as a string and "focused": true, and missing
// required options are fine.
func leafOptions(cmd string, schema []CommandOption, values map[string]any, f *focus) ([]map[string]any, error) {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []map[string]any{}
	for _, k := range keys {
		o, ok := findValueOption(schema, k)
		if !ok {
			return nil, fmt.Errorf("discordsim: %s has no option %q", cmd, k)
		}
		v, ok := optionValue(o.Type, values[k])
		if !ok {
			return nil, fmt.Errorf("discordsim: %s option %q (type %d) cannot take %T", cmd, k, o.Type, values[k])
		}
		out = append(out, map[string]any{"name": k, "type": o.Type, "value": v})
	}
	if f != nil {
		o, ok := findValueOption(schema, f.name)
		if !ok || !o.Autocomplete {
			return nil, fmt.Errorf("discordsim: %s has no autocompleted option %q", cmd, f.name)
		}
		if _, dup := values[f.name]; dup {
			return nil, fmt.Errorf("discordsim: %s option %q is both given and focused", cmd, f.name)
		}
		return append(out, map[string]any{"name": f.name, "type": o.Type, "value": f.text, "focused": true}), nil
	}
	for _, o := range schema {
		if _, given := values[o.Name]; o.Required && !given {
			return nil, fmt.Errorf("discordsim: %s needs option %q", cmd, o.Name)
		}
	}
	return out, nil
}

func findValueOption(schema []CommandOption, name string) (CommandOption, bool) {
	for _, o := range schema {
		if o.Name == name && o.Type != OptionSubcommand && o.Type != OptionSubcommandGroup {
			return o, true
		}
	}
	return CommandOption{}, false
}

// optionValue converts a Go value to the JSON value of an option of type
// typ; ok is false when the value does not fit the type.
func optionValue(typ int, v any) (any, bool) {
	switch typ {
	case OptionString:
		s, ok := v.(string)
		return s, ok
	case OptionInteger:
		switch n := v.(type) {
		case int:
			return n, true
		case int64:
			return n, true
		}
	case OptionNumber:
		switch n := v.(type) {
		case float64:
			return n, true
		case int:
			return float64(n), true
		}
	case OptionBoolean:
		b, ok := v.(bool)
		return b, ok
	case OptionUser, OptionChannel, OptionRole, OptionMentionable:
		if id, ok := v.(ID); ok {
			return id.String(), true
		}
	}
	return nil, false
}
