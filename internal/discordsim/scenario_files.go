package discordsim

import "fmt"

// SendMessageWithFiles makes a member post content with files attached in
// a guild text channel or a thread; the message carries the attachments'
// metadata (name, size, type, CDN url) as Discord's does, and the files
// are kept for Attachments.
func (s *Server) SendMessageWithFiles(channelID, userID ID, content string, files ...File) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if g == nil || !(ch.Type == ChannelText || isThread(ch)) {
		return Message{}, fmt.Errorf("discordsim: %s is not a guild text channel or thread", channelID)
	}
	m, ok := g.Members[userID]
	if !ok {
		return Message{}, fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, g.ID)
	}
	msg := s.newMessageLocked(g, ch, m.User, content)
	msg.Attachments = s.attachmentsLocked(msg, SentMessage{Files: files})
	s.dispatchMessageLocked(g, msg)
	return *msg, nil
}
