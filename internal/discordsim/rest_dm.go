package discordsim

import "net/http"

// Discord's codes for messages that cannot be sent.
const (
	CodeCannotMessageUser = 50007
	CodeThreadArchived    = 50083
)

// RefuseDMs makes a user refuse (or, with false, accept again) direct
// messages from the bot, as a user who turned off DMs from server members:
// the bot can still open the DM channel, but sending to it fails with 403
// and Discord's 50007 "Cannot send messages to this user".
func (s *Server) RefuseDMs(userID ID, refuse bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.more.dmRefused == nil {
		s.more.dmRefused = map[ID]bool{}
	}
	if refuse {
		s.more.dmRefused[userID] = true
	} else {
		delete(s.more.dmRefused, userID)
	}
}

// DMs returns the messages of the DM channel between the bot and a user,
// oldest first: what the bot sent and what the user sent. It is empty
// when no DM channel was opened.
func (s *Server) DMs(userID ID) []Message {
	s.mu.Lock()
	ch, ok := s.dms[userID]
	s.mu.Unlock()
	if !ok {
		return nil
	}
	return s.Messages(ch.ID)
}

// sendRefusalLocked is why the bot may not post in a channel, or nil: a
// DM to a user who refuses DMs, or an archived thread.
func (s *Server) sendRefusalLocked(ch *Channel) *APIError {
	if ch.Type == ChannelDM && len(ch.Recipients) == 1 && s.more.dmRefused[ch.Recipients[0].ID] {
		return &APIError{Status: http.StatusForbidden, Code: CodeCannotMessageUser, Message: "Cannot send messages to this user"}
	}
	if ch.ThreadMetadata != nil && ch.ThreadMetadata.Archived {
		return &APIError{Status: http.StatusBadRequest, Code: CodeThreadArchived, Message: "Thread is archived"}
	}
	return nil
}
