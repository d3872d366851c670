package discordsim

// Intent bits beyond those in gateway.go, for the events added with DMs,
// threads, reactions and invites.
const (
	intentGuildInvites           = 1 << 6
	intentGuildMessageReactions  = 1 << 10
	intentDirectMessageReactions = 1 << 13
)

// dispatchWhereLocked sends an event to every session of the guild's shard
// whose intents satisfy want; it is dispatchLocked for the events that
// need more than one intent, or either of two.
func (s *Server) dispatchWhereLocked(guildID ID, want func(intents uint64) bool, t string, d any) {
	for _, ss := range s.sessions {
		if ss.wantsGuild(guildID) && want(ss.intents) {
			ss.dispatchLocked(t, d)
		}
	}
}

// messageIntent is the intent that message events of a channel need:
// GUILD_MESSAGES in a guild, DIRECT_MESSAGES in a DM; reactions likewise.
func messageIntent(g *Guild, reactions bool) (ID, uint64) {
	switch {
	case g != nil && reactions:
		return g.ID, intentGuildMessageReactions
	case g != nil:
		return g.ID, intentGuildMessages
	case reactions:
		return 0, intentDirectMessageReactions
	}
	return 0, intentDirectMessages
}

// contentVisible reports whether a session sees a message's content:
// Discord empties content, embeds, attachments and components for apps
// without MESSAGE_CONTENT, except in DMs, in the app's own messages and in
// messages that mention it.
func contentVisible(intents uint64, g *Guild, m *Message) bool {
	if g == nil || intents&intentMessageContent != 0 || m.Author.ID == ApplicationID {
		return true
	}
	for _, u := range m.Mentions {
		if u.ID == ApplicationID {
			return true
		}
	}
	return false
}

// withoutContent is a message as a session without MESSAGE_CONTENT sees it.
func withoutContent(m Message) Message {
	m.Content = ""
	m.Embeds = []any{}
	m.Attachments = []any{}
	m.Components = []any{}
	return m
}

// dispatchMessageEventLocked sends MESSAGE_CREATE or MESSAGE_UPDATE with
// the full message to the sessions whose intents allow it, each seeing
// the content only when Discord would show it.
func (s *Server) dispatchMessageEventLocked(g *Guild, t string, m *Message) {
	gid, intent := messageIntent(g, false)
	for _, ss := range s.sessions {
		if !ss.wantsGuild(gid) || ss.intents&intent == 0 {
			continue
		}
		out := *m
		if !contentVisible(ss.intents, g, m) {
			out = withoutContent(out)
		}
		ss.dispatchLocked(t, out)
	}
}
