package discordsim

import "fmt"

// Scenario steps on the bot's own membership: an admin removing the bot
// from a guild, and adding it again. The guild and its members stay as
// they are; while the bot is out, none of the guild's dispatches reach it,
// and READY does not list the guild.

// RemoveBot removes the bot from a guild and dispatches GUILD_DELETE
// without "unavailable", which is how Discord says the bot left (an
// outage sets it to true).
func (s *Server) RemoveBot(guildID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil || s.more.botRemoved[guildID] {
		return fmt.Errorf("discordsim: the bot is not in guild %s", guildID)
	}
	s.dispatchLocked(g.ID, intentGuilds, "GUILD_DELETE", map[string]any{"id": g.ID})
	if s.more.botRemoved == nil {
		s.more.botRemoved = map[ID]bool{}
	}
	s.more.botRemoved[guildID] = true
	return nil
}

// AddBot adds the bot to a guild it was removed from and dispatches
// GUILD_CREATE with the whole guild, as Discord does when a bot joins.
func (s *Server) AddBot(guildID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil || !s.more.botRemoved[guildID] {
		return fmt.Errorf("discordsim: the bot is already in guild %s", guildID)
	}
	delete(s.more.botRemoved, guildID)
	s.dispatchLocked(g.ID, intentGuilds, "GUILD_CREATE", guildCreatePayload(g))
	return nil
}
