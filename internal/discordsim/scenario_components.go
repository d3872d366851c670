package discordsim

import (
	"fmt"
	"slices"
)

// Component types a member can use, as Discord numbers them.
const (
	ComponentButton        = 2
	ComponentStringSelect  = 3
	ComponentUserSelect    = 5
	ComponentRoleSelect    = 6
	ComponentChannelSelect = 8
)

// ClickButton makes a member (or, in a DM, the user) click a button on a
// message the bot sent: the button must be there, enabled, not a link
// button, on a message the user can see (an ephemeral one only its user).
// The interaction (type 3) carries the message.
func (s *Server) ClickButton(channelID, messageID, userID ID, customID string) (*Interaction, error) {
	return s.useComponent(channelID, messageID, userID, customID, ComponentButton, nil)
}

// ChooseStrings makes a user choose option values in a string select.
// Each must be one of the menu's options, and their number within the
// menu's min_values and max_values (1 and 1 when unset).
func (s *Server) ChooseStrings(channelID, messageID, userID ID, customID string, values ...string) (*Interaction, error) {
	return s.useComponent(channelID, messageID, userID, customID, ComponentStringSelect, values)
}

// ChooseUsers makes a user choose members in a user select; the
// interaction resolves them (users and members).
func (s *Server) ChooseUsers(channelID, messageID, userID ID, customID string, ids ...ID) (*Interaction, error) {
	return s.useComponent(channelID, messageID, userID, customID, ComponentUserSelect, idValues(ids))
}

// ChooseRoles makes a user choose roles of the guild in a role select; the
// interaction resolves them.
func (s *Server) ChooseRoles(channelID, messageID, userID ID, customID string, ids ...ID) (*Interaction, error) {
	return s.useComponent(channelID, messageID, userID, customID, ComponentRoleSelect, idValues(ids))
}

// ChooseChannels makes a user choose channels of the guild in a channel
// select (of the menu's channel_types, if set); the interaction resolves
// them.
func (s *Server) ChooseChannels(channelID, messageID, userID ID, customID string, ids ...ID) (*Interaction, error) {
	return s.useComponent(channelID, messageID, userID, customID, ComponentChannelSelect, idValues(ids))
}

func idValues(ids []ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

func (s *Server) useComponent(channelID, messageID, userID ID, customID string, typ int, values []string) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	g, ch := s.channelLocked(channelID)
	if ch == nil {
		return nil, fmt.Errorf("discordsim: unknown channel %s", channelID)
	}
	m := s.findMessageLocked(messageID)
	if m == nil || m.ChannelID != channelID || !s.visibleLocked(m, userID) {
		return nil, fmt.Errorf("discordsim: user %s sees no message %s in channel %s", userID, messageID, channelID)
	}
	comp, ok := findComponent(m.Components, customID)
	if !ok {
		return nil, fmt.Errorf("discordsim: message %s has no component %q", messageID, customID)
	}
	if got := num(comp["type"]); got != typ {
		return nil, fmt.Errorf("discordsim: component %q is of type %d, not %d", customID, got, typ)
	}
	if d, _ := comp["disabled"].(bool); d {
		return nil, fmt.Errorf("discordsim: component %q is disabled", customID)
	}
	if typ == ComponentButton && num(comp["style"]) == 5 {
		return nil, fmt.Errorf("discordsim: %q is a link button, which opens its url and sends no interaction", customID)
	}
	var gid ID
	if g != nil {
		gid = g.ID
	}
	data := map[string]any{"custom_id": customID, "component_type": typ}
	if typ != ComponentButton {
		resolved, err := s.checkChoiceLocked(g, comp, typ, values)
		if err != nil {
			return nil, fmt.Errorf("discordsim: select %q: %w", customID, err)
		}
		data["values"] = values
		if resolved != nil {
			data["resolved"] = resolved
		}
	}
	it, payload, err := s.newInteractionLocked(interactionComponent, gid, ch.ID, userID)
	if err != nil {
		return nil, err
	}
	it.Name, it.MessageID = "component "+customID, m.ID
	payload["data"], payload["message"] = data, m
	s.startInteractionLocked(it, payload)
	return it, nil
}

// findComponent finds an interactive component by custom id in a
// message's action rows.
func findComponent(rows []any, customID string) (map[string]any, bool) {
	for _, r := range rows {
		row, _ := r.(map[string]any)
		cs, _ := row["components"].([]any)
		for _, c := range cs {
			if comp, ok := c.(map[string]any); ok && comp["custom_id"] == customID {
				return comp, true
			}
		}
	}
	return nil, false
}

// checkChoiceLocked checks a select menu choice as Discord's client
// allows it and returns the resolved data for the ids chosen.
func (s *Server) checkChoiceLocked(g *Guild, menu map[string]any, typ int, values []string) (map[string]any, error) {
	lo, hi := 1, 1
	if v, ok := menu["min_values"]; ok {
		lo = num(v)
	}
	if v, ok := menu["max_values"]; ok {
		hi = num(v)
	}
	if len(values) < lo || len(values) > hi {
		return nil, fmt.Errorf("%d values chosen, the menu takes %d to %d", len(values), lo, hi)
	}
	if typ == ComponentStringSelect {
		opts, _ := menu["options"].([]any)
		for _, v := range values {
			if !slices.ContainsFunc(opts, func(o any) bool { om, _ := o.(map[string]any); return om["value"] == v }) {
				return nil, fmt.Errorf("%q is not one of its options", v)
			}
		}
		return nil, nil
	}
	if g == nil {
		return nil, fmt.Errorf("user, role and channel selects need a guild here")
	}
	users, members, roles, channels := map[string]any{}, map[string]any{}, map[string]any{}, map[string]any{}
	for _, v := range values {
		id := ParseID(v)
		switch typ {
		case ComponentUserSelect:
			m, ok := g.Members[id]
			if !ok {
				return nil, fmt.Errorf("user %s is not a member of guild %s", v, g.ID)
			}
			pm := partialMember(m)
			pm["permissions"] = permString(g.memberPermissions(id))
			users[v], members[v] = m.User, pm
		case ComponentRoleSelect:
			i := slices.IndexFunc(g.Roles, func(r *Role) bool { return r.ID == id })
			if i < 0 {
				return nil, fmt.Errorf("role %s is not in guild %s", v, g.ID)
			}
			roles[v] = g.Roles[i]
		case ComponentChannelSelect:
			_, ch := s.channelLocked(id)
			if ch == nil || ch.GuildID != g.ID {
				return nil, fmt.Errorf("channel %s is not in guild %s", v, g.ID)
			}
			if types, ok := menu["channel_types"].([]any); ok && len(types) > 0 &&
				!slices.ContainsFunc(types, func(t any) bool { return num(t) == ch.Type }) {
				return nil, fmt.Errorf("channel %s (type %d) is not of the menu's channel types", v, ch.Type)
			}
			rc := map[string]any{"id": ch.ID, "name": ch.Name, "type": ch.Type, "permissions": permString(g.memberPermissions(ApplicationID)), "flags": ch.Flags}
			if ch.ParentID != nil {
				rc["parent_id"] = *ch.ParentID
			}
			if ch.ThreadMetadata != nil {
				rc["thread_metadata"] = ch.ThreadMetadata
			}
			channels[v] = rc
		}
	}
	switch typ {
	case ComponentUserSelect:
		return map[string]any{"users": users, "members": members}, nil
	case ComponentRoleSelect:
		return map[string]any{"roles": roles}, nil
	default:
		return map[string]any{"channels": channels}, nil
	}
}
