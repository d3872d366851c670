package discordsim

import "time"

// guildPayload is a guild object as GET /guilds/{id} returns it.
func guildPayload(g *Guild) map[string]any {
	return map[string]any{
		"id":                            g.ID,
		"name":                          g.Name,
		"icon":                          nil,
		"splash":                        nil,
		"discovery_splash":              nil,
		"owner_id":                      g.OwnerID,
		"afk_channel_id":                nil,
		"afk_timeout":                   300,
		"verification_level":            1,
		"default_message_notifications": 1,
		"explicit_content_filter":       2,
		"roles":                         g.Roles,
		"emojis":                        []any{},
		"stickers":                      []any{},
		"features":                      []string{},
		"mfa_level":                     0,
		"system_channel_id":             nil,
		"system_channel_flags":          0,
		"rules_channel_id":              nil,
		"vanity_url_code":               nil,
		"description":                   nil,
		"banner":                        nil,
		"premium_tier":                  0,
		"premium_subscription_count":    0,
		"preferred_locale":              "en-US",
		"public_updates_channel_id":     nil,
		"nsfw_level":                    0,
		"premium_progress_bar_enabled":  false,
	}
}

// guildCreatePayload is the GUILD_CREATE dispatch: the guild object plus
// the gateway-only fields (members, channels, voice states).
func guildCreatePayload(g *Guild) map[string]any {
	p := guildPayload(g)
	members := g.sortedMembers()
	voice := make([]VoiceState, 0, len(g.VoiceStates))
	for _, m := range members {
		if vs, ok := g.VoiceStates[m.User.ID]; ok {
			voice = append(voice, *vs)
		}
	}
	p["joined_at"] = g.CreatedAt
	p["large"] = false
	p["unavailable"] = false
	p["member_count"] = len(g.Members)
	p["members"] = members
	p["channels"] = g.Channels
	p["voice_states"] = voice
	p["threads"] = activeThreads(g)
	p["presences"] = []any{}
	p["stage_instances"] = []any{}
	p["guild_scheduled_events"] = []any{}
	p["soundboard_sounds"] = []any{}
	return p
}

// memberWithGuild is a member as GUILD_MEMBER_* dispatches carry it.
func memberWithGuild(g *Guild, m *Member) Member {
	cp := *m
	cp.GuildID = g.ID
	return cp
}

// newMessageLocked makes and stores a message.
func (s *Server) newMessageLocked(g *Guild, ch *Channel, author User, content string) *Message {
	m := &Message{
		ID:           s.newIDLocked(kindMessage),
		ChannelID:    ch.ID,
		Author:       author,
		Content:      content,
		Timestamp:    time.Now().UTC().Truncate(time.Millisecond),
		Mentions:     []User{},
		MentionRoles: []ID{},
		Attachments:  []any{},
		Embeds:       []any{},
		Components:   []any{},
	}
	if g != nil {
		gid := g.ID
		m.GuildID = &gid
		if mem, ok := g.Members[author.ID]; ok {
			m.Member = partialMember(mem)
		}
	}
	id := m.ID
	ch.LastMessageID = &id
	s.messages[ch.ID] = append(s.messages[ch.ID], m)
	if n := len(s.messages[ch.ID]); n > 500 {
		s.messages[ch.ID] = s.messages[ch.ID][n-500:]
	}
	return m
}

// dispatchMessageLocked sends MESSAGE_CREATE to the sessions that asked for
// it, without content for those lacking MESSAGE_CONTENT, as Discord does
// (see contentVisible).
func (s *Server) dispatchMessageLocked(g *Guild, m *Message) {
	s.dispatchMessageEventLocked(g, "MESSAGE_CREATE", m)
}

// partialMember is a member without its user, as messages and
// interactions carry it next to the author.
func partialMember(m *Member) map[string]any {
	return map[string]any{
		"nick":                         m.Nick,
		"avatar":                       m.Avatar,
		"roles":                        m.Roles,
		"joined_at":                    m.JoinedAt,
		"deaf":                         m.Deaf,
		"mute":                         m.Mute,
		"flags":                        m.Flags,
		"pending":                      m.Pending,
		"communication_disabled_until": m.CommunicationDisabledUntil,
		"premium_since":                m.PremiumSince,
	}
}
