package discordsim

import "fmt"

// CreateChannel makes a text channel in a guild, under parent (0: none),
// as a member with Manage Channels would in Discord's client: a test
// fills a category up to Discord's 50 with it. Discord's limits apply.
func (s *Server) CreateChannel(guildID, parent ID, name string) (ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	g := s.guildLocked(guildID)
	if g == nil {
		return 0, fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	in := channelBody{Name: &name}
	if parent != 0 {
		in.ParentID = []byte(`"` + parent.String() + `"`)
	}
	p, set, apiErr := in.checkLocked(g, nil, ChannelText)
	if apiErr != nil {
		return 0, apiErr
	}
	if len(g.Channels) >= maxGuildChannels {
		return 0, fmt.Errorf("discordsim: guild %s has %d channels", guildID, maxGuildChannels)
	}
	ch := &Channel{ID: s.newIDLocked(kindChannel), Type: ChannelText, GuildID: g.ID, Position: len(g.Channels), PermissionOverwrites: []Overwrite{}}
	in.apply(ch, p, set)
	g.Channels = append(g.Channels, ch)
	s.dispatchLocked(g.ID, intentGuilds, "CHANNEL_CREATE", ch)
	return ch.ID, nil
}
