package discordsim

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

func (s *Server) userRoutes(mux *http.ServeMux) {
	s.api(mux, "GET /users/{user}", authBot, func(r *http.Request, _ []byte, _ ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		u, ok := s.users[ParseID(r.PathValue("user"))]
		if !ok {
			return 0, nil, errUnknown(CodeUnknownUser, "User")
		}
		return 200, u, nil
	})
	s.api(mux, "POST /users/@me/channels", authBot, func(_ *http.Request, body []byte, _ ID) (int, any, *APIError) {
		var in struct {
			RecipientID ID `json:"recipient_id"`
		}
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		ch, err := s.dmChannelLocked(in.RecipientID)
		if err != nil {
			return 0, nil, err
		}
		return 200, ch, nil
	})
}

// dmChannelLocked returns (making it on first use) the DM channel with a user.
func (s *Server) dmChannelLocked(userID ID) (*Channel, *APIError) {
	u, ok := s.users[userID]
	if !ok || u.Bot {
		return nil, errUnknown(CodeUnknownUser, "User")
	}
	if ch, ok := s.dms[userID]; ok {
		return ch, nil
	}
	ch := &Channel{ID: s.newIDLocked(kindChannel), Type: ChannelDM, Recipients: []User{u}}
	s.dms[userID] = ch
	return ch, nil
}

// withGuild runs h with the guild the path's {guild} names, under the
// server's lock; an unknown guild is Discord's 10004.
func (s *Server) withGuild(h func(r *http.Request, body []byte, g *Guild) (int, any, *APIError)) apiHandler {
	return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.guildLocked(ParseID(r.PathValue("guild")))
		if g == nil {
			return 0, nil, errUnknown(CodeUnknownGuild, "Guild")
		}
		return h(r, body, g)
	}
}

func (s *Server) guildRoutes(mux *http.ServeMux) {
	s.api(mux, "GET /guilds/{guild}", authBot, s.withGuild(func(_ *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		return 200, guildPayload(g), nil
	}))
	s.api(mux, "GET /guilds/{guild}/roles", authBot, s.withGuild(func(_ *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		return 200, g.Roles, nil
	}))
	s.api(mux, "GET /guilds/{guild}/channels", authBot, s.withGuild(func(_ *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		return 200, g.Channels, nil
	}))
	s.api(mux, "GET /guilds/{guild}/bans/{user}", authBot, s.withGuild(func(r *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		u := ParseID(r.PathValue("user"))
		if !g.Bans[u] {
			return 0, nil, errUnknown(CodeUnknownBan, "Ban")
		}
		return 200, map[string]any{"reason": nil, "user": s.users[u]}, nil
	}))
	s.api(mux, "PUT /guilds/{guild}/bans/{user}", authBot, s.withGuild(func(r *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		u := ParseID(r.PathValue("user"))
		user, ok := s.users[u]
		if !ok {
			return 0, nil, errUnknown(CodeUnknownUser, "User")
		}
		if u == g.OwnerID {
			return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeMissingPermissions, Message: "Missing Permissions"}
		}
		g.Bans[u] = true
		s.removeMemberLocked(g, u)
		s.dispatchLocked(g.ID, intentGuildModeration, "GUILD_BAN_ADD", map[string]any{"guild_id": g.ID, "user": user})
		return 0, nil, nil
	}))
	s.api(mux, "DELETE /guilds/{guild}/bans/{user}", authBot, s.withGuild(func(r *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		u := ParseID(r.PathValue("user"))
		if !g.Bans[u] {
			return 0, nil, errUnknown(CodeUnknownBan, "Ban")
		}
		delete(g.Bans, u)
		s.dispatchLocked(g.ID, intentGuildModeration, "GUILD_BAN_REMOVE", map[string]any{"guild_id": g.ID, "user": s.users[u]})
		return 0, nil, nil
	}))
}

func (s *Server) memberRoutes(mux *http.ServeMux) {
	withMember := func(h func(r *http.Request, body []byte, g *Guild, m *Member) (int, any, *APIError)) apiHandler {
		return func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
			s.mu.Lock()
			defer s.mu.Unlock()
			g := s.guildLocked(ParseID(r.PathValue("guild")))
			if g == nil {
				return 0, nil, errUnknown(CodeUnknownGuild, "Guild")
			}
			m, ok := g.Members[ParseID(r.PathValue("user"))]
			if !ok {
				return 0, nil, errUnknown(CodeUnknownMember, "Member")
			}
			return h(r, body, g, m)
		}
	}
	s.api(mux, "GET /guilds/{guild}/members", authBot, func(r *http.Request, _ []byte, _ ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.guildLocked(ParseID(r.PathValue("guild")))
		if g == nil {
			return 0, nil, errUnknown(CodeUnknownGuild, "Guild")
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit < 1 || limit > 1000 {
			limit = 1
		}
		after := ParseID(r.URL.Query().Get("after"))
		out := []Member{}
		for _, m := range g.sortedMembers() {
			if m.User.ID > after && len(out) < limit {
				out = append(out, *m)
			}
		}
		return 200, out, nil
	})
	s.api(mux, "GET /guilds/{guild}/members/{user}", authBot, withMember(func(_ *http.Request, _ []byte, _ *Guild, m *Member) (int, any, *APIError) {
		return 200, m, nil
	}))
	s.api(mux, "PATCH /guilds/{guild}/members/{user}", authBot, withMember(func(_ *http.Request, body []byte, g *Guild, m *Member) (int, any, *APIError) {
		var in map[string]any
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		// Roles and voice (rest_members.go).
		if _, err := s.patchMemberLocked(g, m, body); err != nil {
			return 0, nil, err
		}
		if v, ok := in["communication_disabled_until"]; ok {
			if m.User.ID == g.OwnerID {
				return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeMissingPermissions, Message: "Missing Permissions"}
			}
			m.CommunicationDisabledUntil = nil
			if str, ok := v.(string); ok && str != "" {
				t, err := time.Parse(time.RFC3339, str)
				if err != nil {
					return 0, nil, errBadBody
				}
				t = t.UTC()
				m.CommunicationDisabledUntil = &t
			}
		}
		if v, ok := in["nick"]; ok {
			m.Nick = nil
			if str, ok := v.(string); ok && str != "" {
				m.Nick = &str
			}
		}
		s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_UPDATE", memberWithGuild(g, m))
		return 200, m, nil
	}))
	s.api(mux, "DELETE /guilds/{guild}/members/{user}", authBot, withMember(func(_ *http.Request, _ []byte, g *Guild, m *Member) (int, any, *APIError) {
		if m.User.ID == g.OwnerID {
			return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeMissingPermissions, Message: "Missing Permissions"}
		}
		s.removeMemberLocked(g, m.User.ID)
		return 0, nil, nil
	}))
	roleChange := func(add bool) apiHandler {
		return withMember(func(r *http.Request, _ []byte, g *Guild, m *Member) (int, any, *APIError) {
			role := ParseID(r.PathValue("role"))
			if !slices.ContainsFunc(g.Roles, func(x *Role) bool { return x.ID == role }) {
				return 0, nil, errUnknown(CodeUnknownRole, "Role")
			}
			has := slices.Contains(m.Roles, role)
			switch {
			case add && !has:
				m.Roles = append(m.Roles, role)
			case !add && has:
				m.Roles = slices.DeleteFunc(m.Roles, func(x ID) bool { return x == role })
			default:
				return 0, nil, nil
			}
			s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_UPDATE", memberWithGuild(g, m))
			return 0, nil, nil
		})
	}
	s.api(mux, "PUT /guilds/{guild}/members/{user}/roles/{role}", authBot, roleChange(true))
	s.api(mux, "DELETE /guilds/{guild}/members/{user}/roles/{role}", authBot, roleChange(false))
}

// removeMemberLocked removes a member and dispatches GUILD_MEMBER_REMOVE.
func (s *Server) removeMemberLocked(g *Guild, userID ID) {
	m, ok := g.Members[userID]
	if !ok {
		return
	}
	if _, ok := g.VoiceStates[userID]; ok {
		s.setVoiceLocked(g, m, 0) // Discord disconnects a member who leaves.
	}
	delete(g.Members, userID)
	s.dispatchLocked(g.ID, intentGuildMembers, "GUILD_MEMBER_REMOVE", map[string]any{"guild_id": g.ID, "user": m.User})
}
