package discordsim

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// InteractionResponse is the body the bot posted to the interaction
// callback: type 4 is a message, 5 a deferred message, 6 a deferred
// update, 7 an update of the component's message, 8 autocomplete choices,
// 9 a modal (see interaction_response.go).
type InteractionResponse struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
	// Files are the files of a multipart response.
	Files []File `json:"-"`
}

// Content returns the response's message content, if any.
func (r InteractionResponse) Content() string {
	var d struct {
		Content string `json:"content"`
	}
	_ = json.Unmarshal(r.Data, &d)
	return d.Content
}

// Interaction is an interaction a simulated user started: a command, a
// component, autocomplete or a modal submission.
type Interaction struct {
	ID    ID
	Token string
	// Type is Discord's interaction type: 2 a command, 3 a component, 4
	// autocomplete, 5 a modal submission.
	Type int
	// MessageID is the message a component sits on (for a modal opened
	// from a component, that message); 0 otherwise.
	MessageID ID
	GuildID   ID
	ChannelID ID
	UserID    ID
	// Name is the command's name, followed by the subcommand (and its
	// group) when one was run: "case show".
	Name string
	// Followups and Edits hold the raw bodies of follow-up messages and
	// edits of the original response. Read them after Wait.
	Followups [][]byte
	Edits     [][]byte

	response  *InteractionResponse
	responded chan struct{}
	srv       *Server
	payload   map[string]any
	// responseMsg is the response's message once there is one (for a
	// component's update or deferred update, the component's message).
	responseMsg ID
	// submitted is set once the modal this interaction opened was
	// submitted: Discord closes it.
	submitted bool
}

// Wait returns the bot's interaction response once it arrives.
func (it *Interaction) Wait(ctx context.Context) (InteractionResponse, error) {
	select {
	case <-it.responded:
		it.srv.mu.Lock()
		defer it.srv.mu.Unlock()
		return *it.response, nil
	case <-ctx.Done():
		return InteractionResponse{}, fmt.Errorf("discordsim: no response to %s: %w", it.Name, ctx.Err())
	}
}

// SendMessage makes a member post content in a guild text channel or a
// thread, with files attached if any: the message carries the
// attachments' metadata (name, size, type, url) as Discord's does, and the
// simulator serves each file at its url, as Discord's CDN would.
func (s *Server) SendMessage(channelID, userID ID, content string, files ...File) (Message, error) {
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
	if len(files) > 0 {
		msg.Attachments = s.attachmentsLocked(msg, SentMessage{Files: files})
	}
	s.dispatchMessageLocked(g, msg)
	return *msg, nil
}

// SendDM makes a user send the bot a direct message, with files attached
// if any (as SendMessage).
func (s *Server) SendDM(userID ID, content string, files ...File) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.dmChannelLocked(userID)
	if err != nil {
		return Message{}, err
	}
	msg := s.newMessageLocked(nil, ch, s.users[userID], content)
	if len(files) > 0 {
		msg.Attachments = s.attachmentsLocked(msg, SentMessage{Files: files})
	}
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
	g, _, err := s.memberLocked(guildID, userID)
	if err != nil {
		return err
	}
	s.removeMemberLocked(g, userID)
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
