package discordsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Interaction callback types, as Discord numbers them.
const (
	ResponseMessage         = 4
	ResponseDeferMessage    = 5
	ResponseDeferUpdate     = 6
	ResponseUpdateMessage   = 7
	ResponseAutocomplete    = 8
	ResponseModal           = 9
	codeUnknownWebhook      = 10015
	codeEmptyMessage        = 50006
	interactionCommand      = 2
	interactionComponent    = 3
	interactionAutocomplete = 4
	interactionModalSubmit  = 5
)

// allowedResponses are the callback types Discord accepts for each
// interaction type; a modal submitted from a component may also update
// that component's message.
func allowedResponses(it *Interaction) []int {
	switch it.Type {
	case interactionComponent:
		return []int{ResponseMessage, ResponseDeferMessage, ResponseDeferUpdate, ResponseUpdateMessage, ResponseModal}
	case interactionAutocomplete:
		return []int{ResponseAutocomplete}
	case interactionModalSubmit:
		if it.MessageID != 0 {
			return []int{ResponseMessage, ResponseDeferMessage, ResponseDeferUpdate, ResponseUpdateMessage}
		}
		return []int{ResponseMessage, ResponseDeferMessage}
	default:
		return []int{ResponseMessage, ResponseDeferMessage, ResponseModal}
	}
}

func (s *Server) interactionResponseRoutes(mux *http.ServeMux) {
	s.api(mux, "POST /interactions/{id}/{token}/callback", authNone, func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		raw, files, apiErr := splitBody(r, body)
		if apiErr != nil {
			return 0, nil, apiErr
		}
		var in InteractionResponse
		if err := decode(raw, &in); err != nil {
			return 0, nil, err
		}
		in.Files = files
		s.mu.Lock()
		defer s.mu.Unlock()
		it, ok := s.interactions[r.PathValue("token")]
		if !ok || it.ID.String() != r.PathValue("id") {
			return 0, nil, errUnknown(CodeUnknownInteraction, "interaction")
		}
		if it.response != nil {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeAlreadyAcked, Message: "Interaction has already been acknowledged."}
		}
		if !slices.Contains(allowedResponses(it), in.Type) {
			return 0, nil, fieldError("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is not valid for this interaction")
		}
		if err := s.respondLocked(it, &in); err != nil {
			return 0, nil, err
		}
		it.response = &in
		close(it.responded)
		return 0, nil, nil
	})
	webhookMessage := func(edit bool) apiHandler {
		return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
			sm, apiErr := readSent(r, body)
			if apiErr != nil {
				return 0, nil, apiErr
			}
			raw, _, _ := splitBody(r, body)
			s.mu.Lock()
			defer s.mu.Unlock()
			it, ok := s.interactions[r.PathValue("token")]
			if !ok || it.response == nil || ParseID(r.PathValue("app")) != ApplicationID {
				return 0, nil, errUnknown(codeUnknownWebhook, "Webhook")
			}
			g, ch := s.channelLocked(it.ChannelID)
			if ch == nil {
				return 0, nil, errUnknown(CodeUnknownChannel, "Channel")
			}
			if edit {
				it.Edits = append(it.Edits, raw)
				m := s.findMessageLocked(it.responseMsg)
				if m == nil {
					return 0, nil, errUnknown(CodeUnknownMessage, "Message")
				}
				s.applySentLocked(g, m, sm, true)
				m.Flags &^= FlagLoading
				now := time.Now().UTC().Truncate(time.Millisecond)
				m.EditedTimestamp = &now
				return 200, m, nil
			}
			if emptyMessage(sm) {
				return 0, nil, &APIError{Status: http.StatusBadRequest, Code: codeEmptyMessage, Message: "Cannot send an empty message"}
			}
			it.Followups = append(it.Followups, raw)
			return 200, s.interactionMessageLocked(g, ch, it, sm), nil
		}
	}
	s.api(mux, "POST /webhooks/{app}/{token}", authNone, webhookMessage(false))
	s.api(mux, "PATCH /webhooks/{app}/{token}/messages/@original", authNone, webhookMessage(true))
}

// respondLocked carries out a callback: a message is stored (an
// ephemeral one apart, for its user only), a deferred message is stored as
// "thinking" (flag 128) until edited, an update edits the component's
// message, a modal is checked.
func (s *Server) respondLocked(it *Interaction, in *InteractionResponse) *APIError {
	g, ch := s.channelLocked(it.ChannelID)
	if ch == nil {
		return errUnknown(CodeUnknownChannel, "Channel")
	}
	var sm SentMessage
	if len(in.Data) > 0 && !rawNull(in.Data) {
		if err := decode(in.Data, &sm); err != nil {
			return err
		}
		sm.Files = in.Files
		if sm.Components != nil && in.Type != ResponseModal {
			if err := checkComponents(*sm.Components); err != nil {
				return err
			}
		}
	}
	switch in.Type {
	case ResponseMessage:
		if emptyMessage(sm) {
			return &APIError{Status: http.StatusBadRequest, Code: codeEmptyMessage, Message: "Cannot send an empty message"}
		}
		it.responseMsg = s.interactionMessageLocked(g, ch, it, sm).ID
	case ResponseDeferMessage:
		flags := FlagLoading
		if sm.Flags != nil {
			flags |= *sm.Flags & FlagEphemeral
		}
		empty := ""
		it.responseMsg = s.interactionMessageLocked(g, ch, it, SentMessage{Content: &empty, Flags: &flags}).ID
		if m := s.findMessageLocked(it.responseMsg); m != nil {
			m.Flags = flags
		}
	case ResponseDeferUpdate:
		it.responseMsg = it.MessageID
	case ResponseUpdateMessage:
		m := s.findMessageLocked(it.MessageID)
		if m == nil {
			return errUnknown(CodeUnknownMessage, "Message")
		}
		s.applySentLocked(g, m, sm, true)
		now := time.Now().UTC().Truncate(time.Millisecond)
		m.EditedTimestamp = &now
		it.responseMsg = m.ID
	case ResponseAutocomplete:
		var d struct {
			Choices []Choice `json:"choices"`
		}
		if err := decode(in.Data, &d); err != nil {
			return err
		}
		if len(d.Choices) > 25 {
			return fieldError("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
	case ResponseModal:
		if _, err := parseModal(in.Data); err != nil {
			return err
		}
	}
	return nil
}

func emptyMessage(sm SentMessage) bool {
	return (sm.Content == nil || *sm.Content == "") && (sm.Embeds == nil || len(*sm.Embeds) == 0) &&
		(sm.Components == nil || len(*sm.Components) == 0) && len(sm.Files) == 0
}

// interactionMessageLocked stores a message the bot sent in answer to an
// interaction: in the channel, or, when ephemeral, apart and visible to
// the interaction's user only. No gateway event is sent for it.
func (s *Server) interactionMessageLocked(g *Guild, ch *Channel, it *Interaction, sm SentMessage) *Message {
	ephemeral := sm.Flags != nil && *sm.Flags&FlagEphemeral != 0
	var m *Message
	if ephemeral {
		m = &Message{ID: s.newIDLocked(kindMessage), ChannelID: ch.ID, Author: botUser(), Timestamp: time.Now().UTC().Truncate(time.Millisecond),
			Mentions: []User{}, MentionRoles: []ID{}, Attachments: []any{}, Embeds: []any{}, Components: []any{}}
		if g != nil {
			gid := g.ID
			m.GuildID = &gid
		}
		s.ix.ephemerals()[m.ID] = &ephemeralMessage{msg: m, userID: it.UserID}
	} else {
		m = s.newMessageLocked(g, ch, botUser(), "")
	}
	if it.Type == interactionCommand {
		m.Type = 20 // CHAT_INPUT_COMMAND (and context menu commands)
	}
	s.applySentLocked(g, m, sm, false)
	return m
}

// Choice is an autocomplete choice the bot suggested.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Message decodes the response's message (types 4 and 7), with its files.
func (r InteractionResponse) Message() SentMessage {
	var sm SentMessage
	_ = json.Unmarshal(r.Data, &sm)
	sm.Files = r.Files
	return sm
}

// Choices decodes an autocomplete response's choices (type 8).
func (r InteractionResponse) Choices() []Choice {
	var d struct {
		Choices []Choice `json:"choices"`
	}
	_ = json.Unmarshal(r.Data, &d)
	return d.Choices
}

// Modal decodes a modal response (type 9).
func (r InteractionResponse) Modal() (Modal, bool) {
	m, err := parseModal(r.Data)
	return m, err == nil
}

// ResponseMessage returns the message the response shows (after an
// update, the component's message), once there is one.
func (it *Interaction) ResponseMessage() (Message, bool) {
	s := it.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if it.responseMsg == 0 {
		return Message{}, false
	}
	m := s.findMessageLocked(it.responseMsg)
	if m == nil {
		return Message{}, false
	}
	return *m, true
}

// Response returns the response so far without waiting; ok is false
// before the bot answered.
func (it *Interaction) Response() (InteractionResponse, bool) {
	s := it.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if it.response == nil {
		return InteractionResponse{}, false
	}
	return *it.response, true
}
