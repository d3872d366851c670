package discordsim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// CodeUnknownEmoji is Discord's answer to an emoji it cannot read.
const CodeUnknownEmoji = 10014

// parseEmoji reads an emoji as REST paths and scenario calls give it: a
// Unicode emoji ("👍") or a custom one as name:id. The simulator models no
// guild emojis, so any custom emoji with a valid id is accepted.
func parseEmoji(s string) (Emoji, bool) {
	animated := false
	if strings.Count(s, ":") == 2 {
		rest, ok := strings.CutPrefix(s, "a:")
		if !ok {
			return Emoji{}, false
		}
		s, animated = rest, true
	}
	if name, id, ok := strings.Cut(s, ":"); ok {
		eid := ParseID(id)
		if name == "" || eid == 0 {
			return Emoji{}, false
		}
		return Emoji{ID: &eid, Name: name, Animated: animated}, true
	}
	if s == "" || len(s) > 32 || strings.ContainsAny(s, " /") {
		return Emoji{}, false
	}
	return Emoji{Name: s}, true
}

func (e Emoji) key() string {
	if e.ID != nil {
		return e.ID.String()
	}
	return e.Name
}

// reactLocked adds or removes a user's reaction and dispatches
// MESSAGE_REACTION_ADD or _REMOVE; it reports whether anything changed.
func (s *Server) reactLocked(g *Guild, ch *Channel, m *Message, userID ID, e Emoji, add bool) bool {
	i := slices.IndexFunc(m.Reactions, func(r *Reaction) bool { return r.Emoji.key() == e.key() })
	switch {
	case add && i < 0:
		m.Reactions = append(m.Reactions, &Reaction{Emoji: e, CountDetails: map[string]int{"burst": 0, "normal": 0}, BurstColors: []string{}})
		i = len(m.Reactions) - 1
	case !add && i < 0:
		return false
	}
	r := m.Reactions[i]
	has := slices.Contains(r.users, userID)
	if add == has {
		return false
	}
	if add {
		r.users = append(r.users, userID)
	} else {
		r.users = slices.DeleteFunc(r.users, func(u ID) bool { return u == userID })
	}
	r.Count, r.CountDetails["normal"] = len(r.users), len(r.users)
	r.Me = slices.Contains(r.users, ApplicationID)
	if r.Count == 0 {
		m.Reactions = slices.Delete(m.Reactions, i, i+1)
	}
	d := map[string]any{"user_id": userID, "channel_id": ch.ID, "message_id": m.ID, "emoji": e, "burst": false, "type": 0}
	if g != nil {
		d["guild_id"] = g.ID
	}
	t := "MESSAGE_REACTION_REMOVE"
	if add {
		t = "MESSAGE_REACTION_ADD"
		d["message_author_id"] = m.Author.ID
		d["burst_colors"] = []string{}
		if g != nil {
			if mem, ok := g.Members[userID]; ok {
				mm := *mem
				d["member"] = mm
			}
		}
	}
	gid, intent := messageIntent(g, true)
	s.dispatchLocked(gid, intent, t, d)
	return true
}

func (s *Server) reactionRoutes(mux *http.ServeMux) {
	own := func(add bool) apiHandler {
		return s.withMessage(func(r *http.Request, _ []byte, g *Guild, ch *Channel, m *Message) (int, any, *APIError) {
			e, ok := parseEmoji(r.PathValue("emoji"))
			if !ok {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeUnknownEmoji, Message: "Unknown Emoji"}
			}
			if add && len(m.Reactions) >= 20 && !slices.ContainsFunc(m.Reactions, func(x *Reaction) bool { return x.Emoji.key() == e.key() }) {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: 30010, Message: "Maximum number of reactions reached (20)"}
			}
			s.reactLocked(g, ch, m, ApplicationID, e, add)
			return 0, nil, nil
		})
	}
	s.api(mux, "PUT /channels/{channel}/messages/{message}/reactions/{emoji}/@me", authBot, own(true))
	s.api(mux, "DELETE /channels/{channel}/messages/{message}/reactions/{emoji}/@me", authBot, own(false))
}

// React makes a user add a reaction ("👍", or name:id for a custom emoji)
// to a message and dispatches MESSAGE_REACTION_ADD.
func (s *Server) React(channelID, messageID, userID ID, emoji string) error {
	return s.react(channelID, messageID, userID, emoji, true)
}

// Unreact makes a user remove their reaction and dispatches
// MESSAGE_REACTION_REMOVE.
func (s *Server) Unreact(channelID, messageID, userID ID, emoji string) error {
	return s.react(channelID, messageID, userID, emoji, false)
}

func (s *Server) react(channelID, messageID, userID ID, emoji string, add bool) error {
	e, ok := parseEmoji(emoji)
	if !ok {
		return fmt.Errorf("discordsim: %q is not an emoji", emoji)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if ch == nil {
		return fmt.Errorf("discordsim: unknown channel %s", channelID)
	}
	m, apiErr := s.messageLocked(ch.ID, messageID)
	if apiErr != nil {
		return fmt.Errorf("discordsim: channel %s has no message %s", channelID, messageID)
	}
	if g != nil {
		if _, ok := g.Members[userID]; !ok {
			return fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, g.ID)
		}
	} else if len(ch.Recipients) != 1 || ch.Recipients[0].ID != userID {
		return fmt.Errorf("discordsim: user %s is not in DM %s", userID, channelID)
	}
	if !s.reactLocked(g, ch, m, userID, e, add) {
		return fmt.Errorf("discordsim: nothing to change for %s's reaction %s", userID, emoji)
	}
	return nil
}
