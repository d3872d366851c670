package discordsim

import "slices"

// Read-only views of the world for tests and the demo.

// Commands returns the registered commands: "" for global, else by guild id.
func (s *Server) Commands() map[string][]ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]ApplicationCommand, len(s.commands))
	for k, v := range s.commands {
		out[k] = slices.Clone(v)
	}
	return out
}

// Connected reports how many sessions have a live connection.
func (s *Server) Connected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, ss := range s.sessions {
		if ss.conn != nil {
			n++
		}
	}
	return n
}

// Members returns a guild's member user ids in order.
func (s *Server) Members(guildID ID) []ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return nil
	}
	var out []ID
	for _, m := range g.sortedMembers() {
		out = append(out, m.User.ID)
	}
	return out
}

// Member returns a copy of a guild member.
func (s *Server) Member(guildID, userID ID) (Member, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return Member{}, false
	}
	m, ok := g.Members[userID]
	if !ok {
		return Member{}, false
	}
	return *m, true
}

// Sessions reports how many gateway sessions were identified.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
