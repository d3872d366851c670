package discordsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Discord's limits and codes for editing, bulk-deleting and pinning.
const (
	CodeCannotEditOthers  = 50005
	CodeDMAction          = 50003
	CodeBulkDeleteTooOld  = 50034
	CodeMaxPins           = 30003
	maxPins               = 50
	bulkDeleteMaxAge      = 14 * 24 * time.Hour
	bulkDeleteMinMessages = 2
	bulkDeleteMaxMessages = 100
)

// messageLocked finds a message of a channel.
func (s *Server) messageLocked(channelID, messageID ID) (*Message, *APIError) {
	for _, m := range s.messages[channelID] {
		if m.ID == messageID {
			return m, nil
		}
	}
	return nil, errUnknown(CodeUnknownMessage, "Message")
}

// withMessage resolves {channel} and {message} for a handler.
func (s *Server) withMessage(h func(r *http.Request, body []byte, g *Guild, ch *Channel, m *Message) (int, any, *APIError)) apiHandler {
	return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		g, ch := s.channelLocked(ParseID(r.PathValue("channel")))
		if ch == nil {
			return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
		}
		m, err := s.messageLocked(ch.ID, ParseID(r.PathValue("message")))
		if err != nil {
			return 0, nil, err
		}
		return h(r, body, g, ch, m)
	}
}

func (s *Server) messageRoutes(mux *http.ServeMux) {
	s.api(mux, "GET /channels/{channel}/messages/{message}", authBot, s.withMessage(func(_ *http.Request, _ []byte, _ *Guild, _ *Channel, m *Message) (int, any, *APIError) {
		return 200, m, nil
	}))
	s.api(mux, "PATCH /channels/{channel}/messages/{message}", authBot, s.withMessage(func(r *http.Request, body []byte, g *Guild, _ *Channel, m *Message) (int, any, *APIError) {
		body, files, apiErr := messageParts(r, body)
		if apiErr != nil {
			return 0, nil, apiErr
		}
		describeAttachments(body, files)
		var in struct {
			Content    *string `json:"content"`
			Embeds     *[]any  `json:"embeds"`
			Components *[]any  `json:"components"`
		}
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		if m.Author.ID != ApplicationID {
			return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeCannotEditOthers, Message: "Cannot edit a message authored by another user"}
		}
		if in.Content != nil && len(*in.Content) > 2000 {
			return 0, nil, fieldError("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
		}
		if in.Content != nil {
			m.Content = *in.Content
		}
		if in.Embeds != nil {
			m.Embeds = nonNil(*in.Embeds)
		}
		if in.Components != nil {
			m.Components = nonNil(*in.Components)
		}
		// New files add to the message's attachments (Discord keeps those
		// the body's attachments list; the simulator keeps them all).
		m.Attachments = append(m.Attachments, files...)
		if m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && len(m.Attachments) == 0 {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: 50006, Message: "Cannot send an empty message"}
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		m.EditedTimestamp = &now
		s.dispatchMessageEventLocked(g, "MESSAGE_UPDATE", m)
		return 200, m, nil
	}))
	s.api(mux, "POST /channels/{channel}/messages/bulk-delete", authBot, func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		var in struct {
			Messages []ID `json:"messages"`
		}
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		g, ch := s.channelLocked(ParseID(r.PathValue("channel")))
		if ch == nil {
			return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
		}
		if g == nil {
			return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeDMAction, Message: "Cannot execute action on a DM channel"}
		}
		if n := len(in.Messages); n < bulkDeleteMinMessages || n > bulkDeleteMaxMessages {
			return 0, nil, fieldError("messages", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.")
		}
		cutoff := time.Now().Add(-bulkDeleteMaxAge)
		for _, id := range in.Messages {
			if m, err := s.messageLocked(ch.ID, id); err == nil && m.Timestamp.Before(cutoff) {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeBulkDeleteTooOld, Message: "You can only bulk delete messages that are under 14 days old."}
			}
		}
		s.deleteMessagesLocked(g, ch, in.Messages)
		return 0, nil, nil
	})
	s.api(mux, "GET /channels/{channel}/pins", authBot, func(r *http.Request, _ []byte, _ ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		_, ch := s.channelLocked(ParseID(r.PathValue("channel")))
		if ch == nil {
			return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
		}
		out := []*Message{}
		for _, m := range slices.Backward(s.messages[ch.ID]) {
			if m.Pinned {
				out = append(out, m)
			}
		}
		return 200, out, nil
	})
	pin := func(pinned bool) apiHandler {
		return s.withMessage(func(_ *http.Request, _ []byte, g *Guild, ch *Channel, m *Message) (int, any, *APIError) {
			if m.Pinned == pinned {
				return 0, nil, nil
			}
			if pinned && s.pinCountLocked(ch.ID) >= maxPins {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeMaxPins, Message: "Maximum number of pins reached (50)"}
			}
			m.Pinned = pinned
			s.dispatchMessageEventLocked(g, "MESSAGE_UPDATE", m)
			s.dispatchPinsUpdateLocked(g, ch)
			return 0, nil, nil
		})
	}
	s.api(mux, "PUT /channels/{channel}/pins/{message}", authBot, pin(true))
	s.api(mux, "DELETE /channels/{channel}/pins/{message}", authBot, pin(false))
}

func (s *Server) pinCountLocked(channelID ID) int {
	n := 0
	for _, m := range s.messages[channelID] {
		if m.Pinned {
			n++
		}
	}
	return n
}

// dispatchPinsUpdateLocked sends CHANNEL_PINS_UPDATE (GUILDS in a guild,
// DIRECT_MESSAGES in a DM) with the time of the newest pin, or null.
func (s *Server) dispatchPinsUpdateLocked(g *Guild, ch *Channel) {
	var last *time.Time
	for _, m := range s.messages[ch.ID] {
		if m.Pinned {
			t := m.Timestamp
			last = &t
		}
	}
	d := map[string]any{"channel_id": ch.ID, "last_pin_timestamp": last}
	gid, intent := ID(0), uint64(intentDirectMessages)
	if g != nil {
		gid, intent = g.ID, intentGuilds
		d["guild_id"] = g.ID
	}
	s.dispatchLocked(gid, intent, "CHANNEL_PINS_UPDATE", d)
}

// deleteMessagesLocked deletes the messages of ids that exist and
// dispatches MESSAGE_DELETE for one, MESSAGE_DELETE_BULK for several.
func (s *Server) deleteMessagesLocked(g *Guild, ch *Channel, ids []ID) []ID {
	var gone []ID
	s.messages[ch.ID] = slices.DeleteFunc(s.messages[ch.ID], func(m *Message) bool {
		if slices.Contains(ids, m.ID) && !slices.Contains(gone, m.ID) {
			gone = append(gone, m.ID)
			return true
		}
		return false
	})
	if len(gone) == 0 {
		return nil
	}
	gid, intent := messageIntent(g, false)
	d := map[string]any{"channel_id": ch.ID}
	if g != nil {
		d["guild_id"] = g.ID
	}
	if len(ids) == 1 {
		d["id"] = gone[0]
		s.dispatchLocked(gid, intent, "MESSAGE_DELETE", d)
	} else {
		d["ids"] = gone
		s.dispatchLocked(gid, intent, "MESSAGE_DELETE_BULK", d)
	}
	return gone
}

// fieldError is Discord's 50035 with one field's error.
func fieldError(field, code, message string) *APIError {
	return &APIError{Status: http.StatusBadRequest, Code: CodeInvalidFormBody, Message: "Invalid Form Body",
		Errors: map[string]any{field: map[string]any{"_errors": []map[string]string{{"code": code, "message": message}}}}}
}

func nonNil(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

// rawNull reports whether a JSON value is null.
func rawNull(raw json.RawMessage) bool { return string(raw) == "null" }
