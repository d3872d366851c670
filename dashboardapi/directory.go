package dashboardapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/warden-bot/warden/core"
)

// The directory routes turn ids into names for the dashboard, in batches
// (a page asks once for every id it shows, never once per row), and search
// a guild's members, roles and channels for its pickers. They answer from
// the bot's cache (core.NameDirectory); an id it does not know is left out
// and the page shows the bare id.

// Limits of the directory routes.
const (
	maxDirectoryIDs   = 100 // per kind in one lookup
	defaultPickerHits = 20
	maxPickerHits     = 50
	maxPickerQuery    = 100
)

// directoryView is the answer of GET /api/guilds/{guildId}/directory.
type directoryView struct {
	Users    []core.MemberName  `json:"users"`
	Roles    []core.RoleName    `json:"roles"`
	Channels []core.ChannelName `json:"channels"`
}

func (s *Server) handleDirectory(mux *http.ServeMux) {
	mux.Handle("GET /api/guilds/{guildId}/directory", s.guildRoute("", http.HandlerFunc(s.lookupNames)))
	mux.Handle("GET /api/guilds/{guildId}/directory/search", s.guildRoute("", http.HandlerFunc(s.searchNames)))
}

// names returns the directory's name capability or a 503 saying why not.
func (s *Server) names() (core.NameDirectory, error) {
	if nd, ok := s.dir().(core.NameDirectory); ok {
		return nd, nil
	}
	return nil, core.Errorf(core.CodeUnavailable, "names are not available: Discord is not connected")
}

// idList reads a comma-separated list of snowflakes from query key.
func idList(r *http.Request, key string) ([]string, error) {
	raw := r.URL.Query().Get(key)
	if raw == "" {
		return nil, nil
	}
	ids := strings.Split(raw, ",")
	if len(ids) > maxDirectoryIDs {
		return nil, core.BadRequest("%s: at most %d ids in one request", key, maxDirectoryIDs)
	}
	for _, id := range ids {
		if !core.IsSnowflake(id) {
			return nil, core.BadRequest("%s: %q is not a Discord id", key, id)
		}
	}
	return ids, nil
}

func (s *Server) lookupNames(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r, "users", "roles", "channels"); err != nil {
		core.WriteError(w, err)
		return
	}
	var lists [3][]string
	for i, key := range []string{"users", "roles", "channels"} {
		ids, err := idList(r, key)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		lists[i] = ids
	}
	nd, err := s.names()
	if err != nil {
		core.WriteError(w, err)
		return
	}
	guildID := r.PathValue("guildId")
	out := directoryView{Users: []core.MemberName{}, Roles: []core.RoleName{}, Channels: []core.ChannelName{}}
	if len(lists[0]) > 0 {
		if out.Users, err = nd.Members(r.Context(), guildID, lists[0]); err != nil {
			core.WriteError(w, err)
			return
		}
	}
	if len(lists[1]) > 0 {
		roles, err := nd.Roles(r.Context(), guildID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		out.Roles = pick(roles, lists[1], func(x core.RoleName) string { return x.ID })
	}
	if len(lists[2]) > 0 {
		chans, err := nd.Channels(r.Context(), guildID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		out.Channels = pick(chans, lists[2], func(x core.ChannelName) string { return x.ID })
	}
	core.WriteJSON(w, http.StatusOK, out)
}

// pick keeps the items whose id is in ids.
func pick[T any](items []T, ids []string, id func(T) string) []T {
	want := make(map[string]bool, len(ids))
	for _, x := range ids {
		want[x] = true
	}
	out := []T{}
	for _, it := range items {
		if want[id(it)] {
			out = append(out, it)
		}
	}
	return out
}

// searchNames answers a picker's type-ahead:
// ?kind=member|role|channel&q=<text>&limit=<1-50>&type=text|voice|category.
func (s *Server) searchNames(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r, "kind", "q", "limit", "type"); err != nil {
		core.WriteError(w, err)
		return
	}
	q := r.URL.Query()
	query, kind, chType := q.Get("q"), q.Get("kind"), q.Get("type")
	if len(query) > maxPickerQuery {
		core.WriteError(w, core.BadRequest("q: at most %d characters", maxPickerQuery))
		return
	}
	limit := defaultPickerHits
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPickerHits {
			core.WriteError(w, core.BadRequest("limit: must be 1-%d", maxPickerHits))
			return
		}
		limit = n
	}
	if chType != "" && (kind != "channel" || !validChannelKind(chType)) {
		core.WriteError(w, core.BadRequest("type: only for kind=channel, one of text, voice, category"))
		return
	}
	nd, err := s.names()
	if err != nil {
		core.WriteError(w, err)
		return
	}
	guildID := r.PathValue("guildId")
	switch kind {
	case "member":
		hits, err := nd.SearchMembers(r.Context(), guildID, query, limit)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		core.WriteJSON(w, http.StatusOK, nonNil(hits))
	case "role":
		roles, err := nd.Roles(r.Context(), guildID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		hits := core.SearchNames(roles, query, limit, func(x core.RoleName) []string { return []string{x.Name, x.ID} })
		core.WriteJSON(w, http.StatusOK, nonNil(hits))
	case "channel":
		chans, err := nd.Channels(r.Context(), guildID)
		if err != nil {
			core.WriteError(w, err)
			return
		}
		if chType != "" {
			chans = filter(chans, func(c core.ChannelName) bool { return c.Kind == chType })
		}
		hits := core.SearchNames(chans, query, limit, func(x core.ChannelName) []string { return []string{x.Name, x.ID} })
		core.WriteJSON(w, http.StatusOK, nonNil(hits))
	default:
		core.WriteError(w, core.BadRequest("kind: must be member, role or channel"))
	}
}

func validChannelKind(k string) bool {
	return k == core.ChannelKindText || k == core.ChannelKindVoice || k == core.ChannelKindCategory
}

func filter[T any](items []T, keep func(T) bool) []T {
	out := items[:0:0]
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
