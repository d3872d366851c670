package discordsim

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
)

// ApplicationCommand is a registered application command.
type ApplicationCommand struct {
	ID                       ID              `json:"id"`
	ApplicationID            ID              `json:"application_id"`
	GuildID                  *ID             `json:"guild_id,omitempty"`
	Name                     string          `json:"name"`
	Description              string          `json:"description"`
	Type                     int             `json:"type"`
	Options                  json.RawMessage `json:"options,omitempty"`
	DefaultMemberPermissions *string         `json:"default_member_permissions"`
	NSFW                     bool            `json:"nsfw"`
	Version                  ID              `json:"version"`
}

func (s *Server) commandRoutes(mux *http.ServeMux) {
	s.api(mux, "GET /applications/@me", authBot, func(*http.Request, []byte, ID) (int, any, *APIError) {
		return 200, map[string]any{"id": ApplicationID, "name": "Warden (simulated)", "icon": nil, "description": "", "bot_public": true,
			"bot_require_code_grant": false, "verify_key": "", "flags": 0, "bot": botUser()}, nil
	})
	list := func(r *http.Request, _ []byte, _ ID) (int, any, *APIError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		out := s.commands[r.PathValue("guild")]
		if out == nil {
			out = []ApplicationCommand{}
		}
		return 200, out, nil
	}
	set := func(r *http.Request, body []byte, _ ID) (int, any, *APIError) {
		if ParseID(r.PathValue("app")) != ApplicationID {
			return 0, nil, &APIError{Status: http.StatusForbidden, Code: CodeMissingAccess, Message: "Missing Access"}
		}
		var in []ApplicationCommand
		if err := decode(body, &in); err != nil {
			return 0, nil, err
		}
		if len(in) > 100 {
			return 0, nil, errBadBody
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		key := r.PathValue("guild")
		if key != "" && s.guildLocked(ParseID(key)) == nil {
			return 0, nil, errUnknown(CodeUnknownGuild, "Guild")
		}
		if fields := validateCommands(in); fields != nil {
			return 0, nil, &APIError{Status: http.StatusBadRequest, Code: CodeInvalidFormBody, Message: "Invalid Form Body", Errors: fields}
		}
		for i := range in {
			in[i].ID = s.newIDLocked(kindCommand)
			in[i].ApplicationID = ApplicationID
			in[i].Version = in[i].ID
			if in[i].Type == 0 {
				in[i].Type = 1
			}
			if key != "" {
				gid := ParseID(key)
				in[i].GuildID = &gid
			}
		}
		s.commands[key] = in
		return 200, in, nil
	}
	s.api(mux, "GET /applications/{app}/commands", authBot, list)
	s.api(mux, "PUT /applications/{app}/commands", authBot, set)
	s.api(mux, "GET /applications/{app}/guilds/{guild}/commands", authBot, list)
	s.api(mux, "PUT /applications/{app}/guilds/{guild}/commands", authBot, set)

	s.interactionResponseRoutes(mux)
}

// commandName is Discord's rule for a chat input command's name.
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// validateCommands checks names and descriptions as Discord does and
// returns its nested field errors, or nil.
func validateCommands(in []ApplicationCommand) map[string]any {
	fields := map[string]any{}
	fieldErr := func(code, msg string) map[string]any {
		return map[string]any{"_errors": []map[string]string{{"code": code, "message": msg}}}
	}
	for i, c := range in {
		errs := map[string]any{}
		if (c.Type == 0 || c.Type == 1) && !commandName.MatchString(c.Name) {
			errs["name"] = fieldErr("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		if (c.Type == 0 || c.Type == 1) && (len(c.Description) < 1 || len(c.Description) > 100) {
			errs["description"] = fieldErr("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if len(errs) > 0 {
			fields[strconv.Itoa(i)] = errs
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return fields
}

func permString(p uint64) string { return strconv.FormatUint(p, 10) }
