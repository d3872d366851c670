package discordsim

import (
	"net/http"
	"slices"
)

// messageCreate is the part of a message create body the simulator keeps.
type messageCreate struct {
	Content    string `json:"content"`
	Embeds     []any  `json:"embeds"`
	Components []any  `json:"components"`
}

func (s *Server) channelRoutes(mux *http.ServeMux) {
	withChannel := func(h func(r *http.Request, body []byte, g *Guild, ch *Channel) (int, any, *APIError)) apiHandler {
		return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
			s.mu.Lock()
			defer s.mu.Unlock()
			g, ch := s.channelLocked(ParseID(r.PathValue("channel")))
			if ch == nil {
				return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
			}
			return h(r, body, g, ch)
		}
	}
	s.api(mux, "GET /channels/{channel}", authBot, withChannel(func(_ *http.Request, _ []byte, _ *Guild, ch *Channel) (int, any, *APIError) {
		return 200, ch, nil
	}))
	s.api(mux, "GET /channels/{channel}/messages", authBot, withChannel(func(_ *http.Request, _ []byte, _ *Guild, ch *Channel) (int, any, *APIError) {
		msgs := s.messages[ch.ID]
		out := make([]*Message, 0, min(len(msgs), 50))
		for i := len(msgs) - 1; i >= 0 && len(out) < 50; i-- {
			out = append(out, msgs[i])
		}
		return 200, out, nil
	}))
	s.api(mux, "POST /channels/{channel}/messages", authBot, withChannel(func(r *http.Request, body []byte, g *Guild, ch *Channel) (int, any, *APIError) {
		body, files, apiErr := messageParts(r, body)
		if apiErr != nil {
			return 0, nil, apiErr
		}
		var in messageCreate
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		describeAttachments(body, files)
		if (in.Content == "" && len(in.Embeds) == 0 && len(in.Components) == 0 && len(files) == 0) || len(in.Content) > 2000 {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: 50006, Message: "Cannot send an empty message"}
		}
		if ch.Type == ChannelVoice || ch.Type == ChannelCategory {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: 50008, Message: "Cannot send messages in a non-text channel"}
		}
		if err := s.sendRefusalLocked(ch); err != nil {
			return 0, nil, err
		}
		m := s.newMessageLocked(g, ch, botUser(), in.Content)
		if in.Embeds != nil {
			m.Embeds = in.Embeds
		}
		if in.Components != nil {
			m.Components = in.Components
		}
		if files != nil {
			m.Attachments = files
		}
		s.dispatchMessageLocked(g, m)
		return 200, m, nil
	}))
	s.api(mux, "DELETE /channels/{channel}/messages/{message}", authBot, withChannel(func(r *http.Request, _ []byte, g *Guild, ch *Channel) (int, any, *APIError) {
		id := ParseID(r.PathValue("message"))
		msgs := s.messages[ch.ID]
		i := slices.IndexFunc(msgs, func(m *Message) bool { return m.ID == id })
		if i < 0 {
			return 0, nil, errUnknown(CodeUnknownMessage, "Message")
		}
		s.messages[ch.ID] = slices.Delete(msgs, i, i+1)
		d := map[string]any{"id": id, "channel_id": ch.ID}
		var gid ID
		intent := uint64(intentDirectMessages)
		if g != nil {
			gid, intent = g.ID, intentGuildMessages
			d["guild_id"] = g.ID
		}
		s.dispatchLocked(gid, intent, "MESSAGE_DELETE", d)
		return 0, nil, nil
	}))
}

// Messages returns the messages held for a channel (the last 500), oldest
// first.
func (s *Server) Messages(channelID ID) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.messages[channelID]))
	for _, m := range s.messages[channelID] {
		out = append(out, *m)
	}
	return out
}

// DMChannel returns the DM channel between the bot and a user, making it
// on first use.
func (s *Server) DMChannel(userID ID) (ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.dmChannelLocked(userID)
	if err != nil {
		return 0, err
	}
	return ch.ID, nil
}

func (e *APIError) Error() string { return e.Message }
