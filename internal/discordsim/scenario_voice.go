package discordsim

import (
	"fmt"
	"slices"
)

// Voice states: members joining, moving between and leaving voice
// channels. Each change dispatches VOICE_STATE_UPDATE (GUILD_VOICE_STATES)
// with the member, as Discord does.

// SetVoice moves a member into a voice channel, or out of voice with 0.
// Like Discord's client, a member cannot join a channel whose user_limit
// is reached (the bot's move through REST can).
func (s *Server) SetVoice(guildID, userID, channelID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, err := s.memberLocked(guildID, userID)
	if err != nil {
		return err
	}
	if channelID != 0 {
		cg, ch := s.channelLocked(channelID)
		if cg != g || ch.Type != ChannelVoice {
			return fmt.Errorf("discordsim: %s is not a voice channel of guild %s", channelID, guildID)
		}
		if cur := g.VoiceStates[userID]; (cur == nil || *cur.ChannelID != channelID) && ch.UserLimit > 0 && len(voiceMembers(g, channelID)) >= ch.UserLimit {
			return fmt.Errorf("discordsim: voice channel %s is full (%d)", ch.Name, ch.UserLimit)
		}
	}
	s.setVoiceLocked(g, m, channelID)
	return nil
}

// JoinVoice makes a member join a voice channel.
func (s *Server) JoinVoice(guildID, userID, channelID ID) error {
	if channelID == 0 {
		return fmt.Errorf("discordsim: no voice channel to join")
	}
	return s.SetVoice(guildID, userID, channelID)
}

// LeaveVoice makes a member leave voice; it fails when they are in none.
func (s *Server) LeaveVoice(guildID, userID ID) error {
	if s.VoiceChannel(guildID, userID) == 0 {
		return fmt.Errorf("discordsim: user %s is in no voice channel of guild %s", userID, guildID)
	}
	return s.SetVoice(guildID, userID, 0)
}

// VoiceChannel returns the voice channel a member is in, or 0.
func (s *Server) VoiceChannel(guildID, userID ID) ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return 0
	}
	if vs, ok := g.VoiceStates[userID]; ok && vs.ChannelID != nil {
		return *vs.ChannelID
	}
	return 0
}

// VoiceMembers returns who is in a voice channel, by user id.
func (s *Server) VoiceMembers(channelID ID) []ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, _ := s.channelLocked(channelID)
	if g == nil {
		return nil
	}
	return voiceMembers(g, channelID)
}

func voiceMembers(g *Guild, channelID ID) []ID {
	var out []ID
	for id, vs := range g.VoiceStates {
		if vs.ChannelID != nil && *vs.ChannelID == channelID {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, cmpID)
	return out
}

// setVoiceLocked puts a member in a voice channel (0: out of voice),
// keeping their session and mute state, and dispatches the new state.
func (s *Server) setVoiceLocked(g *Guild, m *Member, channelID ID) {
	userID := m.User.ID
	vs := g.VoiceStates[userID]
	if vs == nil {
		vs = &VoiceState{GuildID: g.ID, UserID: userID, SessionID: "sim-voice-" + userID.String(), Mute: m.Mute, Deaf: m.Deaf}
	}
	if channelID != 0 {
		id := channelID
		vs.ChannelID = &id
		g.VoiceStates[userID] = vs
	} else {
		vs.ChannelID = nil
		delete(g.VoiceStates, userID)
	}
	s.dispatchVoiceLocked(g, m, vs)
}

func (s *Server) dispatchVoiceLocked(g *Guild, m *Member, vs *VoiceState) {
	out := *vs
	mm := memberWithGuild(g, m)
	out.Member = &mm
	s.dispatchLocked(g.ID, intentVoiceStates, "VOICE_STATE_UPDATE", out)
}
