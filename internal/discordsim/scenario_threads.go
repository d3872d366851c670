package discordsim

import (
	"fmt"
	"slices"
)

// Scenario steps on threads: a user starting one, joining and leaving it.

// CreateThread makes a member start a thread in a text channel (private
// when private is true) and dispatches THREAD_CREATE and the owner's
// THREAD_MEMBERS_UPDATE. It returns the thread's id.
func (s *Server) CreateThread(channelID, userID ID, name string, private bool) (ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if g == nil || ch == nil {
		return 0, fmt.Errorf("discordsim: %s is not a guild channel", channelID)
	}
	if _, ok := g.Members[userID]; !ok {
		return 0, fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, g.ID)
	}
	chType := ChannelPublicThread
	if private {
		chType = ChannelPrivateThread
	}
	t, apiErr := s.newThreadLocked(g, ch, userID, threadBody{Name: name, Type: &chType}, s.newIDLocked(kindChannel))
	if apiErr != nil {
		return 0, fmtErr("create thread", apiErr)
	}
	return t.ID, nil
}

// JoinThread makes a member join a thread (THREAD_MEMBERS_UPDATE, which
// needs GUILD_MEMBERS for users other than the bot).
func (s *Server) JoinThread(threadID, userID ID) error {
	return s.threadMembership(threadID, userID, true)
}

// LeaveThread makes a member leave a thread.
func (s *Server) LeaveThread(threadID, userID ID) error {
	return s.threadMembership(threadID, userID, false)
}

func (s *Server) threadMembership(threadID, userID ID, join bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, t := s.channelLocked(threadID)
	if t == nil || !isThread(t) {
		return fmt.Errorf("discordsim: %s is not a thread", threadID)
	}
	if _, ok := g.Members[userID]; !ok {
		return fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, g.ID)
	}
	ok := false
	if join {
		ok = s.addThreadMemberLocked(g, t, userID)
	} else {
		ok = s.removeThreadMemberLocked(g, t, userID)
	}
	if !ok {
		return fmt.Errorf("discordsim: nothing to change for %s in thread %s", userID, threadID)
	}
	return nil
}

// ThreadMembers returns a thread's members by user id, in joining order.
func (s *Server) ThreadMembers(threadID ID) []ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ID
	for _, m := range s.more.threadMembers[threadID] {
		out = append(out, m.UserID)
	}
	return out
}

// Thread returns a copy of a thread.
func (s *Server) Thread(threadID ID) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, t := s.channelLocked(threadID)
	if t == nil || !isThread(t) {
		return Channel{}, false
	}
	cp := *t
	if t.ThreadMetadata != nil {
		md := *t.ThreadMetadata
		cp.ThreadMetadata = &md
	}
	cp.PermissionOverwrites = slices.Clone(t.PermissionOverwrites)
	return cp, true
}
