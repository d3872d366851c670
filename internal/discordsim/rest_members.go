package discordsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// CodeNotInVoice is Discord's answer to moving, muting or deafening a
// member who is in no voice channel.
const CodeNotInVoice = 40032

// memberPatch is the part of PATCH /guilds/{guild}/members/{user} beyond
// nick and timeout: roles, and voice (channel_id moves the member to a
// voice channel, null disconnects them; mute and deaf are server-side).
type memberPatch struct {
	Roles     *[]ID           `json:"roles"`
	ChannelID json.RawMessage `json:"channel_id"`
	Mute      *bool           `json:"mute"`
	Deaf      *bool           `json:"deaf"`
}

// patchMemberLocked checks the whole patch, then applies it; a voice
// change dispatches VOICE_STATE_UPDATE. It reports whether the member
// object itself changed (roles, mute, deaf).
func (s *Server) patchMemberLocked(g *Guild, m *Member, body []byte) (bool, *APIError) {
	var in memberPatch
	if err := decode(body, &in); err != nil {
		return false, err
	}
	if in.Roles != nil {
		for _, id := range *in.Roles {
			if roleIndex(g, id) < 0 || id == g.ID {
				return false, errUnknown(CodeUnknownRole, "Role")
			}
		}
	}
	vs := g.VoiceStates[m.User.ID]
	voiceChange := in.ChannelID != nil || in.Mute != nil || in.Deaf != nil
	if voiceChange && vs == nil {
		return false, &APIError{Status: http.StatusBadRequest, Code: CodeNotInVoice, Message: "Target user is not connected to voice."}
	}
	var target ID
	if in.ChannelID != nil && !rawNull(in.ChannelID) {
		if err := json.Unmarshal(in.ChannelID, &target); err != nil || target == 0 {
			return false, fieldError("channel_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
		}
		if cg, ch := s.channelLocked(target); cg != g || ch.Type != ChannelVoice {
			return false, errUnknown(CodeUnknownChannel, "Channel")
		}
	}
	changed := false
	if in.Roles != nil {
		m.Roles = slices.Clone(*in.Roles)
		if m.Roles == nil {
			m.Roles = []ID{}
		}
		changed = true
	}
	if in.Mute != nil {
		m.Mute, vs.Mute, changed = *in.Mute, *in.Mute, true
	}
	if in.Deaf != nil {
		m.Deaf, vs.Deaf, changed = *in.Deaf, *in.Deaf, true
	}
	switch {
	case in.ChannelID != nil && rawNull(in.ChannelID):
		s.setVoiceLocked(g, m, 0)
	case target != 0:
		s.setVoiceLocked(g, m, target)
	case voiceChange:
		s.dispatchVoiceLocked(g, m, vs)
	}
	return changed, nil
}

// SetNick changes a member's nickname as the member would ("" clears it)
// and dispatches GUILD_MEMBER_UPDATE.
func (s *Server) SetNick(guildID, userID ID, nick string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, err := s.memberLocked(guildID, userID)
	if err != nil {
		return err
	}
	if len(nick) > 32 {
		return fmt.Errorf("discordsim: a nickname has at most 32 characters")
	}
	m.Nick = nil
	if nick != "" {
		m.Nick = &nick
	}
	s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_UPDATE", memberWithGuild(g, m))
	return nil
}

// SetTimeout times a member out until a time (the zero time lifts it), as
// another moderator or bot would, and dispatches GUILD_MEMBER_UPDATE with
// communication_disabled_until.
func (s *Server) SetTimeout(guildID, userID ID, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, err := s.memberLocked(guildID, userID)
	if err != nil {
		return err
	}
	m.CommunicationDisabledUntil = nil
	if !until.IsZero() {
		u := until.UTC().Truncate(time.Millisecond)
		m.CommunicationDisabledUntil = &u
	}
	s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_UPDATE", memberWithGuild(g, m))
	return nil
}
