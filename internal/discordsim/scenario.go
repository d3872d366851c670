package discordsim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// InteractionResponse is the body the bot posted to the interaction
// callback: type 4 is a message, 5 a deferred message.
type InteractionResponse struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
}

// Content returns the response's message content, if any.
func (r InteractionResponse) Content() string {
	var d struct {
		Content string `json:"content"`
	}
	_ = json.Unmarshal(r.Data, &d)
	return d.Content
}

// Interaction is a slash command a simulated user invoked.
type Interaction struct {
	ID        ID
	Token     string
	GuildID   ID
	ChannelID ID
	UserID    ID
	Name      string
	// Followups and Edits hold the raw bodies of follow-up messages and
	// edits of the original response. Read them after Wait.
	Followups [][]byte
	Edits     [][]byte

	response  *InteractionResponse
	responded chan struct{}
	srv       *Server
}

// Wait returns the bot's interaction response once it arrives.
func (it *Interaction) Wait(ctx context.Context) (InteractionResponse, error) {
	select {
	case <-it.responded:
		it.srv.mu.Lock()
		defer it.srv.mu.Unlock()
		return *it.response, nil
	case <-ctx.Done():
		return InteractionResponse{}, fmt.Errorf("discordsim: no response to /%s: %w", it.Name, ctx.Err())
	}
}

// InvokeCommand makes a user run a registered slash command (guild
// commands first, then global ones) in a channel; guildID 0 means in the
// user's DM with the bot. Options map option names to values (string,
// int, bool, float64, or ID for a user).
func (s *Server) InvokeCommand(guildID, channelID, userID ID, name string, options map[string]any) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	cmd, ok := s.findCommandLocked(guildID, name)
	if !ok {
		return nil, fmt.Errorf("discordsim: command %q is not registered", name)
	}
	user, ok := s.users[userID]
	if !ok {
		return nil, fmt.Errorf("discordsim: unknown user %s", userID)
	}
	var tok [24]byte
	_, _ = rand.Read(tok[:])
	it := &Interaction{ID: s.newIDLocked(kindInteraction), Token: "aW50ZXJhY3Rpb24." + hex.EncodeToString(tok[:]), GuildID: guildID,
		ChannelID: channelID, UserID: userID, Name: name, responded: make(chan struct{}), srv: s}
	opts := []map[string]any{}
	keys := make([]string, 0, len(options))
	for k := range options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		opts = append(opts, map[string]any{"name": k, "type": optionType(options[k]), "value": optionValue(options[k])})
	}
	payload := map[string]any{
		"id": it.ID, "application_id": ApplicationID, "type": 2, "token": it.Token, "version": 1,
		"data":         map[string]any{"id": cmd.ID, "name": name, "type": 1, "options": opts},
		"channel_id":   channelID,
		"locale":       "en-US",
		"entitlements": []any{},
	}
	if guildID == 0 {
		ch, err := s.dmChannelLocked(userID)
		if err != nil {
			return nil, err
		}
		it.ChannelID = ch.ID
		payload["channel_id"], payload["channel"] = ch.ID, ch
		payload["user"], payload["context"] = user, 1
		payload["app_permissions"] = permString(everyonePerms)
		payload["authorizing_integration_owners"] = map[string]any{"0": "0"}
	} else {
		g, ch := s.channelLocked(channelID)
		if g == nil || g.ID != guildID {
			return nil, fmt.Errorf("discordsim: channel %s is not in guild %s", channelID, guildID)
		}
		m, ok := g.Members[userID]
		if !ok {
			return nil, fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, guildID)
		}
		pm := partialMember(m)
		pm["user"] = m.User
		pm["permissions"] = permString(g.memberPermissions(userID))
		payload["guild_id"], payload["channel"], payload["member"] = g.ID, ch, pm
		payload["guild"] = map[string]any{"id": g.ID, "locale": "en-US", "features": []string{}}
		payload["guild_locale"], payload["context"] = "en-US", 0
		payload["app_permissions"] = permString(g.memberPermissions(ApplicationID))
		payload["authorizing_integration_owners"] = map[string]any{"0": g.ID}
	}
	s.interactions[it.Token] = it
	s.dispatchLocked(guildID, 0, "INTERACTION_CREATE", payload)
	return it, nil
}

func (s *Server) findCommandLocked(guildID ID, name string) (ApplicationCommand, bool) {
	for _, key := range []string{guildID.String(), ""} {
		for _, c := range s.commands[key] {
			if c.Name == name {
				return c, true
			}
		}
	}
	return ApplicationCommand{}, false
}

// SendMessage makes a member post content in a guild text channel.
func (s *Server) SendMessage(channelID, userID ID, content string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if g == nil || ch.Type != ChannelText {
		return Message{}, fmt.Errorf("discordsim: %s is not a guild text channel", channelID)
	}
	m, ok := g.Members[userID]
	if !ok {
		return Message{}, fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, g.ID)
	}
	msg := s.newMessageLocked(g, ch, m.User, content)
	s.dispatchMessageLocked(g, msg)
	return *msg, nil
}

// SendDM makes a user send the bot a direct message.
func (s *Server) SendDM(userID ID, content string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.dmChannelLocked(userID)
	if err != nil {
		return Message{}, err
	}
	msg := s.newMessageLocked(nil, ch, s.users[userID], content)
	s.dispatchMessageLocked(nil, msg)
	return *msg, nil
}

// JoinGuild makes a user join a guild (a new user id when the user does
// not exist yet) and dispatches GUILD_MEMBER_ADD.
func (s *Server) JoinGuild(guildID, userID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	u, ok := s.users[userID]
	if !ok {
		return fmt.Errorf("discordsim: unknown user %s", userID)
	}
	if g.Bans[userID] {
		return fmt.Errorf("discordsim: user %s is banned from guild %s", userID, guildID)
	}
	if _, ok := g.Members[userID]; ok {
		return nil
	}
	m := &Member{User: u, Roles: []ID{}, JoinedAt: time.Now().UTC().Truncate(time.Millisecond)}
	g.Members[userID] = m
	s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_ADD", memberWithGuild(g, m))
	return nil
}

// LeaveGuild makes a member leave a guild.
func (s *Server) LeaveGuild(guildID, userID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	if _, ok := g.Members[userID]; !ok {
		return fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, guildID)
	}
	s.removeMemberLocked(g, userID)
	return nil
}

// SetVoice moves a member into a voice channel, or out of voice with 0.
func (s *Server) SetVoice(guildID, userID, channelID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return fmt.Errorf("discordsim: unknown guild %s", guildID)
	}
	m, ok := g.Members[userID]
	if !ok {
		return fmt.Errorf("discordsim: user %s is not a member of guild %s", userID, guildID)
	}
	vs := &VoiceState{GuildID: g.ID, UserID: userID, SessionID: "sim-voice-" + userID.String()}
	if channelID != 0 {
		if cg, ch := s.channelLocked(channelID); cg != g || ch.Type != ChannelVoice {
			return fmt.Errorf("discordsim: %s is not a voice channel of guild %s", channelID, guildID)
		}
		vs.ChannelID = &channelID
		g.VoiceStates[userID] = vs
	} else {
		delete(g.VoiceStates, userID)
	}
	mm := memberWithGuild(g, m)
	vs.Member = &mm
	s.dispatchLocked(g.ID, intentVoiceStates, "VOICE_STATE_UPDATE", vs)
	return nil
}

// SetLatency sets how long the simulator waits before each heartbeat ACK.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// DropConnections cuts every gateway connection without a close frame, as a
// network failure would. Sessions stay resumable.
func (s *Server) DropConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		ss.dropLocked()
	}
}
