package discordsim

import (
	"fmt"
	"strconv"
	"time"
)

// Scenario steps for invites a member makes and deletes in Discord's
// client; they dispatch INVITE_CREATE and INVITE_DELETE (GUILD_INVITES).

// CreateInvite makes a member create an invite to a guild channel that
// lasts maxAge seconds (0: forever) for maxUses uses (0: unlimited). Codes
// are deterministic: "sim" and a counter in base 36.
func (s *Server) CreateInvite(channelID, inviterID ID, maxAge, maxUses int) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ch := s.channelLocked(channelID)
	if g == nil || ch == nil || ch.Type == ChannelCategory || isThread(ch) {
		return "", fmt.Errorf("discordsim: %s is not a guild text or voice channel", channelID)
	}
	inviter, ok := g.Members[inviterID]
	if !ok {
		return "", fmt.Errorf("discordsim: user %s is not a member of guild %s", inviterID, g.ID)
	}
	if maxAge < 0 || maxAge > 604800 || maxUses < 0 || maxUses > 100 {
		return "", fmt.Errorf("discordsim: max_age must be 0-604800 s and max_uses 0-100")
	}
	if s.more.invites == nil {
		s.more.invites = map[string]*Invite{}
	}
	s.more.inviteSeq++
	inv := &Invite{Code: "sim" + strconv.FormatInt(int64(s.more.inviteSeq), 36), GuildID: g.ID, ChannelID: ch.ID,
		Inviter: inviterID, MaxAge: maxAge, MaxUses: maxUses, CreatedAt: now()}
	s.more.invites[inv.Code] = inv
	var expires *time.Time
	if maxAge > 0 {
		t := inv.CreatedAt.Add(time.Duration(maxAge) * time.Second)
		expires = &t
	}
	s.dispatchLocked(g.ID, intentGuildInvites, "INVITE_CREATE", map[string]any{
		"channel_id": ch.ID, "code": inv.Code, "created_at": inv.CreatedAt, "guild_id": g.ID,
		"inviter": inviter.User, "max_age": maxAge, "max_uses": maxUses, "temporary": false, "uses": 0,
		"expires_at": expires,
	})
	return inv.Code, nil
}

// DeleteInvite deletes an invite and dispatches INVITE_DELETE.
func (s *Server) DeleteInvite(code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.more.invites[code]
	if !ok {
		return fmt.Errorf("discordsim: no invite %q", code)
	}
	delete(s.more.invites, code)
	s.dispatchLocked(inv.GuildID, intentGuildInvites, "INVITE_DELETE", map[string]any{"channel_id": inv.ChannelID, "guild_id": inv.GuildID, "code": code})
	return nil
}
