package discordsim

// ixState is what the simulator keeps about interaction responses beyond
// the channel's messages: ephemeral messages (seen by one user, listed in
// no channel) and uploaded files. Its maps are made on first use.
type ixState struct {
	ephemeral map[ID]*ephemeralMessage
	attached  map[ID]File
}

type ephemeralMessage struct {
	msg    *Message
	userID ID
}

func (x *ixState) files() map[ID]File {
	if x.attached == nil {
		x.attached = map[ID]File{}
	}
	return x.attached
}

func (x *ixState) ephemerals() map[ID]*ephemeralMessage {
	if x.ephemeral == nil {
		x.ephemeral = map[ID]*ephemeralMessage{}
	}
	return x.ephemeral
}

// findMessageLocked finds a message by id in any channel, ephemeral ones
// included.
func (s *Server) findMessageLocked(id ID) *Message {
	if e, ok := s.ix.ephemerals()[id]; ok {
		return e.msg
	}
	for _, msgs := range s.messages {
		for _, m := range msgs {
			if m.ID == id {
				return m
			}
		}
	}
	return nil
}

// Message returns a copy of a message by id: a channel's, or an ephemeral
// interaction response or follow-up.
func (s *Server) Message(id ID) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findMessageLocked(id)
	if m == nil {
		return Message{}, false
	}
	return *m, true
}

// visibleLocked reports whether a user can see (and so click on) a
// message: ephemeral messages only their user.
func (s *Server) visibleLocked(m *Message, userID ID) bool {
	if e, ok := s.ix.ephemerals()[m.ID]; ok {
		return e.userID == userID
	}
	return true
}
