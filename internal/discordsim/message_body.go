package discordsim

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// File is a file the bot uploaded with a message, as the simulator
// received it in a multipart body.
type File struct {
	// Index is n of the part's name "files[n]", which the body's
	// attachments refer to by id.
	Index       int
	Name        string
	ContentType string
	Data        []byte
}

// AllowedMentions is a message body's allowed_mentions. Parse lists the
// kinds that ping ("users", "roles", "everyone"); Users and Roles list the
// only ones that do otherwise.
type AllowedMentions struct {
	Parse []string `json:"parse"`
	Users []ID     `json:"users"`
	Roles []ID     `json:"roles"`
}

// SentMessage is the body of a message the bot sent: a channel message, an
// interaction response's data, a follow-up or an edit. Parts left out of
// an edit are nil.
type SentMessage struct {
	Content         *string          `json:"content"`
	Flags           *int             `json:"flags"`
	Embeds          *[]any           `json:"embeds"`
	Components      *[]any           `json:"components"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
	Attachments     *[]struct {
		ID          json.RawMessage `json:"id"`
		Filename    string          `json:"filename"`
		Description string          `json:"description"`
	} `json:"attachments"`
	// Files are the uploaded files of a multipart body.
	Files []File `json:"-"`
}

// Message flags the simulator sets or reads.
const (
	FlagEphemeral = 1 << 6
	FlagLoading   = 1 << 7
)

// splitBody returns the JSON of a request body and its files: a multipart
// body (Discord's way of uploading files) carries the JSON in the part
// "payload_json" and each file in a part "files[n]".
func splitBody(r *http.Request, body []byte) ([]byte, []File, *APIError) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return body, nil, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var payload []byte
	var files []File
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errBadBody
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, errBadBody
		}
		name := p.FormName()
		switch {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files[") && strings.HasSuffix(name, "]"):
			n, err := strconv.Atoi(name[len("files[") : len(name)-1])
			if err != nil || p.FileName() == "" {
				return nil, nil, fieldError(name, "BASE_TYPE_REQUIRED", "This field is required")
			}
			files = append(files, File{Index: n, Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		}
	}
	return payload, files, nil
}

// readSent decodes a message body, multipart or not, and checks its
// components as Discord does.
func readSent(r *http.Request, body []byte) (SentMessage, *APIError) {
	raw, files, apiErr := splitBody(r, body)
	if apiErr != nil {
		return SentMessage{}, apiErr
	}
	var sm SentMessage
	if err := decode(raw, &sm); err != nil {
		return SentMessage{}, err
	}
	sm.Files = files
	if sm.Content != nil && len(*sm.Content) > 2000 {
		return SentMessage{}, fieldError("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
	}
	if sm.Components != nil {
		if err := checkComponents(*sm.Components); err != nil {
			return SentMessage{}, err
		}
	}
	return sm, nil
}

// checkComponents applies Discord's rules for message components: rows
// (type 1) of up to five buttons or one select menu, at most five rows,
// custom ids of 1–100 characters, unique in the message; link buttons
// have a url and no custom id.
func checkComponents(rows []any) *APIError {
	bad := func(path, msg string) *APIError {
		return fieldError("components."+path, "COMPONENT_INVALID", msg)
	}
	if len(rows) > 5 {
		return bad("", "Must be 5 or fewer in length.")
	}
	seen := map[string]bool{}
	for i, r := range rows {
		row, _ := r.(map[string]any)
		if num(row["type"]) != 1 {
			return bad(strconv.Itoa(i), "a top-level component must be an action row")
		}
		cs, _ := row["components"].([]any)
		if len(cs) == 0 || len(cs) > 5 {
			return bad(strconv.Itoa(i)+".components", "an action row holds 1 to 5 components")
		}
		for j, c := range cs {
			path := strconv.Itoa(i) + ".components." + strconv.Itoa(j)
			comp, _ := c.(map[string]any)
			typ := num(comp["type"])
			id, _ := comp["custom_id"].(string)
			switch {
			case typ == 2 && num(comp["style"]) == 5:
				if url, _ := comp["url"].(string); url == "" || id != "" {
					return bad(path, "a link button has a url and no custom_id")
				}
				continue
			case typ == 2:
			case slices.Contains([]int{3, 5, 6, 7, 8}, typ):
				if len(cs) > 1 {
					return bad(path, "a select menu fills its action row")
				}
			default:
				return bad(path, "component type "+strconv.Itoa(typ)+" is not allowed in a message")
			}
			if id == "" || len(id) > 100 {
				return bad(path+".custom_id", "Must be between 1 and 100 in length.")
			}
			if seen[id] {
				return bad(path+".custom_id", "Component custom id cannot be duplicated")
			}
			seen[id] = true
		}
	}
	return nil
}

// num reads a JSON number as an int (0 when it is not one).
func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// applySentLocked writes a body into a message: on an edit, parts left
// out stay as they were. Files become attachments, and mentions are
// resolved through allowed_mentions.
func (s *Server) applySentLocked(g *Guild, m *Message, sm SentMessage, edit bool) {
	if sm.Content != nil {
		m.Content = *sm.Content
	}
	if sm.Flags != nil && !edit {
		m.Flags = *sm.Flags & (FlagEphemeral | 1<<2 | 1<<12) // ephemeral, suppress embeds, silent
	}
	if sm.Embeds != nil {
		m.Embeds = nonNil(*sm.Embeds)
		for _, e := range m.Embeds {
			normalizeEmbed(e)
		}
	}
	if sm.Components != nil {
		m.Components = nonNil(*sm.Components)
	}
	if sm.Attachments != nil || len(sm.Files) > 0 {
		m.Attachments = s.attachmentsLocked(m, sm)
	}
	if sm.Content != nil {
		s.resolveMentionsLocked(g, m, sm.AllowedMentions)
	}
}

// attachmentsLocked keeps the attachments an edit names by id and adds
// the uploaded files.
func (s *Server) attachmentsLocked(m *Message, sm SentMessage) []any {
	out := []any{}
	if sm.Attachments != nil {
		for _, a := range *sm.Attachments {
			var id ID
			if json.Unmarshal(a.ID, &id) != nil {
				continue
			}
			for _, old := range m.Attachments {
				if o, ok := old.(map[string]any); ok && o["id"] == id {
					out = append(out, o)
				}
			}
		}
	}
	for _, f := range sm.Files {
		id := s.newIDLocked(kindMessage)
		desc := ""
		if sm.Attachments != nil {
			for _, a := range *sm.Attachments {
				if string(a.ID) == strconv.Itoa(f.Index) {
					desc = a.Description
				}
			}
		}
		ct := f.ContentType
		if ct == "" || ct == "application/octet-stream" {
			ct = http.DetectContentType(f.Data)
		}
		url := s.baseURL + "/attachments/" + m.ChannelID.String() + "/" + id.String() + "/" + f.Name
		a := map[string]any{"id": id, "filename": f.Name, "size": len(f.Data), "url": url, "proxy_url": url, "content_type": ct}
		if desc != "" {
			a["description"] = desc
		}
		out = append(out, a)
		s.ix.files()[id] = f
	}
	return out
}

// serveAttachment serves an uploaded file's bytes, as Discord's CDN does
// (no authentication).
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	id := ParseID(r.PathValue("id"))
	s.mu.Lock()
	f, ok := s.ix.files()[id]
	s.mu.Unlock()
	if !ok || f.Name != r.PathValue("name") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, _ = w.Write(f.Data)
}

var (
	userMention = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention = regexp.MustCompile(`<@&(\d+)>`)
)

// resolveMentionsLocked fills mentions, mention_roles and
// mention_everyone with whom the content pings: what it mentions, as far
// as allowed_mentions lets it (everything when the body has none, as
// Discord does).
func (s *Server) resolveMentionsLocked(g *Guild, m *Message, am *AllowedMentions) {
	may := func(kind string, id ID, listed []ID) bool {
		return am == nil || slices.Contains(am.Parse, kind) || slices.Contains(listed, id)
	}
	m.Mentions, m.MentionRoles = []User{}, []ID{}
	for _, sub := range userMention.FindAllStringSubmatch(m.Content, -1) {
		id := ParseID(sub[1])
		u, ok := s.users[id]
		if ok && may("users", id, usersOf(am)) && !slices.ContainsFunc(m.Mentions, func(x User) bool { return x.ID == id }) {
			m.Mentions = append(m.Mentions, u)
		}
	}
	if g != nil {
		for _, sub := range roleMention.FindAllStringSubmatch(m.Content, -1) {
			id := ParseID(sub[1])
			if slices.ContainsFunc(g.Roles, func(r *Role) bool { return r.ID == id }) && may("roles", id, rolesOf(am)) && !slices.Contains(m.MentionRoles, id) {
				m.MentionRoles = append(m.MentionRoles, id)
			}
		}
	}
	m.MentionEveryone = (strings.Contains(m.Content, "@everyone") || strings.Contains(m.Content, "@here")) &&
		(am == nil || slices.Contains(am.Parse, "everyone"))
}

func usersOf(am *AllowedMentions) []ID {
	if am == nil {
		return nil
	}
	return am.Users
}

func rolesOf(am *AllowedMentions) []ID {
	if am == nil {
		return nil
	}
	return am.Roles
}

// Attachments returns the files uploaded with a message, in order.
func (s *Server) Attachments(messageID ID) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findMessageLocked(messageID)
	if m == nil {
		return nil
	}
	var out []File
	for _, a := range m.Attachments {
		if o, ok := a.(map[string]any); ok {
			if id, ok := o["id"].(ID); ok {
				out = append(out, s.ix.files()[id])
			}
		}
	}
	return out
}

// normalizeEmbed fills what Discord fills in a bot's embed: its type and
// each field's inline flag.
func normalizeEmbed(e any) {
	em, ok := e.(map[string]any)
	if !ok {
		return
	}
	if em["type"] == nil {
		em["type"] = "rich"
	}
	fields, _ := em["fields"].([]any)
	for _, f := range fields {
		if fm, ok := f.(map[string]any); ok && fm["inline"] == nil {
			fm["inline"] = false
		}
	}
}
