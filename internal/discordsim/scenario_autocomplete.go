package discordsim

import (
	"fmt"
	"strings"
)

// Autocomplete makes a user type text in an autocompleted option of a
// registered slash command (sub as for InvokeSubcommand, "" for none):
// the interaction (type 4) carries the options given so far and the
// focused one, with its text as a string and "focused": true. The option
// must be declared with autocomplete; required options need not be given
// yet. The bot answers with choices (callback type 8): see
// InteractionResponse.Choices.
func (s *Server) Autocomplete(guildID, channelID, userID ID, name, sub string, options map[string]any, focused, text string) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	cmd, ok := s.findCommandLocked(guildID, name)
	if !ok {
		return nil, fmt.Errorf("discordsim: command %q is not registered", name)
	}
	opts, err := commandOptions(cmd, sub, options, &focus{name: focused, text: text})
	if err != nil {
		return nil, err
	}
	it, payload, err := s.newInteractionLocked(interactionAutocomplete, guildID, channelID, userID)
	if err != nil {
		return nil, err
	}
	it.Name = "autocomplete " + strings.TrimSpace(name+" "+sub) + " " + focused
	payload["data"] = map[string]any{"id": cmd.ID, "name": name, "type": 1, "options": opts}
	s.startInteractionLocked(it, payload)
	return it, nil
}

// InvokeUserCommand makes a member run a registered user command (type 2,
// the "Apps" menu on a member) on target: the data carries target_id and
// the resolved user and member.
func (s *Server) InvokeUserCommand(guildID, channelID, userID ID, name string, target ID) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	cmd, ok := s.findCommandOfTypeLocked(guildID, name, 2)
	if !ok {
		return nil, fmt.Errorf("discordsim: user command %q is not registered", name)
	}
	g := s.guildLocked(guildID)
	if g == nil {
		return nil, fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	m, ok := g.Members[target]
	if !ok {
		return nil, fmt.Errorf("discordsim: user %s is not a member of guild %s", target, guildID)
	}
	it, payload, err := s.newInteractionLocked(interactionCommand, guildID, channelID, userID)
	if err != nil {
		return nil, err
	}
	pm := partialMember(m)
	pm["permissions"] = permString(g.memberPermissions(target))
	it.Name = name
	payload["data"] = map[string]any{"id": cmd.ID, "name": name, "type": 2, "target_id": target, "guild_id": g.ID,
		"resolved": map[string]any{"users": map[string]any{target.String(): m.User}, "members": map[string]any{target.String(): pm}}}
	s.startInteractionLocked(it, payload)
	return it, nil
}

// InvokeMessageCommand makes a member run a registered message command
// (type 3, the "Apps" menu on a message) on a message of the channel: the
// data carries target_id and the resolved message.
func (s *Server) InvokeMessageCommand(guildID, channelID, userID ID, name string, target ID) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	cmd, ok := s.findCommandOfTypeLocked(guildID, name, 3)
	if !ok {
		return nil, fmt.Errorf("discordsim: message command %q is not registered", name)
	}
	msg, apiErr := s.messageLocked(channelID, target)
	if apiErr != nil {
		return nil, fmt.Errorf("discordsim: no message %s in channel %s", target, channelID)
	}
	it, payload, err := s.newInteractionLocked(interactionCommand, guildID, channelID, userID)
	if err != nil {
		return nil, err
	}
	it.Name = name
	payload["data"] = map[string]any{"id": cmd.ID, "name": name, "type": 3, "target_id": target, "guild_id": guildID,
		"resolved": map[string]any{"messages": map[string]any{target.String(): msg}}}
	s.startInteractionLocked(it, payload)
	return it, nil
}
