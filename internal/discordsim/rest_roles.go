package discordsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// Discord's codes for role changes it refuses.
const (
	CodeMaxRoles    = 30005
	CodeInvalidRole = 50028
	maxRoles        = 250
)

// roleBody is what POST and PATCH /guilds/{guild}/roles read; absent
// fields stay as they are.
type roleBody struct {
	Name         *string `json:"name"`
	Permissions  *string `json:"permissions"`
	Color        *int    `json:"color"`
	Hoist        *bool   `json:"hoist"`
	Mentionable  *bool   `json:"mentionable"`
	UnicodeEmoji *string `json:"unicode_emoji"`
}

func (in roleBody) apply(r *Role) *APIError {
	if in.Name != nil {
		if len(*in.Name) > 100 {
			return fieldError("name", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
		}
		r.Name = *in.Name
	}
	if in.Permissions != nil {
		if _, err := strconv.ParseUint(*in.Permissions, 10, 64); err != nil {
			return fieldError("permissions", "NUMBER_TYPE_COERCE", "Value \""+*in.Permissions+"\" is not int.")
		}
		r.Permissions = *in.Permissions
	}
	if in.Color != nil {
		r.Color = *in.Color
	}
	if in.Hoist != nil {
		r.Hoist = *in.Hoist
	}
	if in.Mentionable != nil {
		r.Mentionable = *in.Mentionable
	}
	if in.UnicodeEmoji != nil {
		r.UnicodeEmoji = in.UnicodeEmoji
	}
	return nil
}

func roleIndex(g *Guild, id ID) int {
	return slices.IndexFunc(g.Roles, func(r *Role) bool { return r.ID == id })
}

func (s *Server) roleRoutes(mux *http.ServeMux) {
	s.api(mux, "POST /guilds/{guild}/roles", authBot, s.withGuild(func(_ *http.Request, body []byte, g *Guild) (int, any, *APIError) {
		var in roleBody
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		if len(g.Roles) >= maxRoles {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeMaxRoles, Message: "Maximum number of guild roles reached (250)"}
		}
		// Discord's defaults: "new role", @everyone's permissions, just
		// above @everyone.
		r := &Role{ID: s.newIDLocked(kindRole), Name: "new role", Position: 1, Permissions: g.Roles[0].Permissions}
		if err := in.apply(r); err != nil {
			return 0, nil, err
		}
		g.Roles = append(g.Roles, r)
		s.dispatchLocked(g.ID, intentGuilds, "GUILD_ROLE_CREATE", map[string]any{"guild_id": g.ID, "role": r})
		return 200, r, nil
	}))
	s.api(mux, "PATCH /guilds/{guild}/roles/{role}", authBot, s.withGuild(func(r *http.Request, body []byte, g *Guild) (int, any, *APIError) {
		i := roleIndex(g, ParseID(r.PathValue("role")))
		if i < 0 {
			return 0, nil, errUnknown(CodeUnknownRole, "Role")
		}
		var in roleBody
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		cp := *g.Roles[i]
		if err := in.apply(&cp); err != nil {
			return 0, nil, err
		}
		*g.Roles[i] = cp
		s.dispatchLocked(g.ID, intentGuilds, "GUILD_ROLE_UPDATE", map[string]any{"guild_id": g.ID, "role": g.Roles[i]})
		return 200, g.Roles[i], nil
	}))
	s.api(mux, "DELETE /guilds/{guild}/roles/{role}", authBot, s.withGuild(func(r *http.Request, _ []byte, g *Guild) (int, any, *APIError) {
		id := ParseID(r.PathValue("role"))
		if err := s.deleteRoleLocked(g, id); err != nil {
			return 0, nil, err
		}
		return 0, nil, nil
	}))
}

// deleteRoleLocked deletes a role, takes it from every member (Discord
// sends no member updates for that) and dispatches GUILD_ROLE_DELETE.
func (s *Server) deleteRoleLocked(g *Guild, id ID) *APIError {
	i := roleIndex(g, id)
	switch {
	case i < 0:
		return errUnknown(CodeUnknownRole, "Role")
	case id == g.ID:
		return &APIError{Status: http.StatusBadRequest, Code: CodeInvalidRole, Message: "Invalid Role"}
	case g.Roles[i].Managed:
		return &APIError{Status: http.StatusForbidden, Code: CodeMissingPermissions, Message: "Missing Permissions"}
	}
	g.Roles = slices.Delete(g.Roles, i, i+1)
	for _, m := range g.Members {
		m.Roles = slices.DeleteFunc(m.Roles, func(r ID) bool { return r == id })
	}
	s.dispatchLocked(g.ID, intentGuilds, "GUILD_ROLE_DELETE", map[string]any{"guild_id": g.ID, "role_id": id})
	return nil
}

// UpdateRole changes a role as an admin would in Discord's client; change
// holds the fields to set, with the JSON names and values of Discord's
// role object ("name", "permissions", "color", "hoist", "mentionable").
// It dispatches GUILD_ROLE_UPDATE.
func (s *Server) UpdateRole(guildID, roleID ID, change map[string]any) error {
	raw, err := json.Marshal(change)
	if err != nil {
		return fmtErr("encode role change", err)
	}
	var in roleBody
	if err := json.Unmarshal(raw, &in); err != nil {
		return fmtErr("role change", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return fmtErr("update role", errUnknown(CodeUnknownGuild, "Guild"))
	}
	i := roleIndex(g, roleID)
	if i < 0 {
		return fmtErr("update role", errUnknown(CodeUnknownRole, "Role"))
	}
	cp := *g.Roles[i]
	if apiErr := in.apply(&cp); apiErr != nil {
		return fmtErr("update role", apiErr)
	}
	*g.Roles[i] = cp
	s.dispatchLocked(g.ID, intentGuilds, "GUILD_ROLE_UPDATE", map[string]any{"guild_id": g.ID, "role": g.Roles[i]})
	return nil
}

// DeleteRole deletes a role as an admin would and dispatches
// GUILD_ROLE_DELETE.
func (s *Server) DeleteRole(guildID, roleID ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildLocked(guildID)
	if g == nil {
		return fmtErr("delete role", errUnknown(CodeUnknownGuild, "Guild"))
	}
	if apiErr := s.deleteRoleLocked(g, roleID); apiErr != nil {
		return fmtErr("delete role", apiErr)
	}
	return nil
}
