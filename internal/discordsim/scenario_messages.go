package discordsim

import (
	"fmt"
	"time"
)

// Scenario steps on messages that exist: a user editing or deleting what
// they wrote, and a purge by another bot (MESSAGE_DELETE_BULK).

// EditMessage makes a message's author change its content (a user's
// message in a guild channel, thread or DM) and dispatches MESSAGE_UPDATE
// with the full message and its edited_timestamp.
func (s *Server) EditMessage(channelID, messageID ID, content string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if ch == nil {
		return Message{}, fmt.Errorf("discordsim: unknown channel %s", channelID)
	}
	m, apiErr := s.messageLocked(ch.ID, messageID)
	if apiErr != nil {
		return Message{}, fmt.Errorf("discordsim: channel %s has no message %s", channelID, messageID)
	}
	if content == "" || len(content) > 2000 {
		return Message{}, fmt.Errorf("discordsim: message content must be 1-2000 bytes")
	}
	m.Content = content
	now := time.Now().UTC().Truncate(time.Millisecond)
	m.EditedTimestamp = &now
	s.dispatchMessageEventLocked(g, "MESSAGE_UPDATE", m)
	return *m, nil
}

// DeleteMessage makes a user delete a message (their own, or any as a
// moderator in Discord's client) and dispatches MESSAGE_DELETE.
func (s *Server) DeleteMessage(channelID, messageID ID) error {
	return s.DeleteMessages(channelID, messageID)
}

// DeleteMessages deletes messages of a channel at once, as another bot's
// purge would: MESSAGE_DELETE for one id, MESSAGE_DELETE_BULK with the
// ids that existed for several. Every id must be a message of the channel.
func (s *Server) DeleteMessages(channelID ID, messageIDs ...ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if ch == nil {
		return fmt.Errorf("discordsim: unknown channel %s", channelID)
	}
	if len(messageIDs) == 0 {
		return fmt.Errorf("discordsim: no message to delete in %s", channelID)
	}
	for _, id := range messageIDs {
		if _, err := s.messageLocked(ch.ID, id); err != nil {
			return fmt.Errorf("discordsim: channel %s has no message %s", channelID, id)
		}
	}
	s.deleteMessagesLocked(g, ch, messageIDs)
	return nil
}
