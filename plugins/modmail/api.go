package modmail

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/warden-bot/warden/core"
)

// MountAPI implements core.APIMounter: the routes under
// /api/guilds/{guildId}/modmail/. The API has checked the caller's access
// to the guild and to this plugin before any handler runs; what the
// dashboard does (reply, note, claim, close) is carried out on Discord.
// GET|PUT config and GET config/schema are served by the API itself.
func (p *Plugin) MountAPI(r core.APIRouter) {
	h := &apiHandlers{svc: p.svc}
	const conv = "conversation"
	r.HandleFunc(http.MethodGet, "/conversations", h.list)
	r.HandleFunc(http.MethodGet, "/conversations/{number}", h.thread)
	r.HandleFunc(http.MethodPatch, "/conversations/{number}", core.Numbered(conv, http.StatusOK, p.svc.Update))
	r.HandleFunc(http.MethodPost, "/conversations/{number}/reply", core.Numbered(conv, http.StatusCreated, p.svc.Reply))
	r.HandleFunc(http.MethodPost, "/conversations/{number}/notes", core.Numbered(conv, http.StatusCreated, h.note))
	r.HandleFunc(http.MethodPatch, "/conversations/{number}/messages/{id}", h.editMessage)
	r.HandleFunc(http.MethodDelete, "/conversations/{number}/messages/{id}", h.deleteMessage)
	r.HandleFunc(http.MethodPost, "/conversations/{number}/claim", core.Numbered(conv, http.StatusOK, core.Bodiless(p.svc.Claim)))
	r.HandleFunc(http.MethodDelete, "/conversations/{number}/claim", core.Numbered(conv, http.StatusOK, core.Bodiless(p.svc.Unclaim)))
	r.HandleFunc(http.MethodPost, "/conversations/{number}/close", core.Numbered(conv, http.StatusOK, p.svc.Close))
	r.HandleFunc(http.MethodDelete, "/conversations/{number}/close", core.Numbered(conv, http.StatusOK, core.Bodiless(p.svc.CancelClose)))
	r.HandleFunc(http.MethodGet, "/search", h.search)
	r.HandleFunc(http.MethodGet, "/blocks", h.blocks)
	r.HandleFunc(http.MethodPost, "/blocks", core.Action(http.StatusCreated, p.svc.BlockUser))
	r.HandleFunc(http.MethodDelete, "/blocks/{userId}", h.unblock)
	r.HandleFunc(http.MethodGet, "/stats", h.stats)
}

type apiHandlers struct{ svc *Service }

// numbered is Request for the routes with a {number} that Numbered does
// not serve.
func numbered(w http.ResponseWriter, r *http.Request) (guildID, userID string, number int64, ok bool) {
	guildID, userID, ok = core.Request(w, r)
	if !ok {
		return "", "", 0, false
	}
	n, err := core.PathNumber(r, "number", "conversation")
	if err != nil {
		core.WriteError(w, err)
		return "", "", 0, false
	}
	return guildID, userID, n, true
}

func (h *apiHandlers) list(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := core.Request(w, r, "view", "user", "limit", "cursor")
	if !ok {
		return
	}
	q := r.URL.Query()
	lq := ListQuery{View: q.Get("view"), User: q.Get("user"), Caller: userID, Cursor: q.Get("cursor")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			core.WriteError(w, core.BadRequest("limit: 1 to %d", maxPage))
			return
		}
		lq.Limit = n
	}
	page, err := h.svc.List(r.Context(), guildID, lq)
	core.Reply(w, http.StatusOK, page, err)
}

func (h *apiHandlers) thread(w http.ResponseWriter, r *http.Request) {
	guildID, _, n, ok := numbered(w, r)
	if !ok {
		return
	}
	t, err := h.svc.Thread(r.Context(), guildID, n)
	core.Reply(w, http.StatusOK, t, err)
}

// contentBody is the body of a note and of a message edit.
type contentBody struct {
	Content string `json:"content"`
}

func (h *apiHandlers) note(ctx context.Context, guildID string, n int64, by string, in contentBody) (*Message, error) {
	return h.svc.Note(ctx, guildID, n, by, in.Content)
}

func (h *apiHandlers) editMessage(w http.ResponseWriter, r *http.Request) {
	guildID, userID, n, ok := numbered(w, r)
	if !ok {
		return
	}
	var body contentBody
	if err := core.ReadJSON(r, &body); err != nil {
		core.WriteError(w, err)
		return
	}
	m, err := h.svc.EditStaffMessage(r.Context(), guildID, n, r.PathValue("id"), userID, body.Content)
	core.Reply(w, http.StatusOK, m, err)
}

func (h *apiHandlers) deleteMessage(w http.ResponseWriter, r *http.Request) {
	guildID, userID, n, ok := numbered(w, r)
	if !ok {
		return
	}
	_, err := h.svc.DeleteStaffMessage(r.Context(), guildID, n, r.PathValue("id"), userID)
	core.Reply(w, http.StatusNoContent, nil, err)
}

func (h *apiHandlers) search(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r, "user", "staff", "text", "from", "to", "limit")
	if !ok {
		return
	}
	q := r.URL.Query()
	sq := SearchQuery{User: q.Get("user"), Staff: q.Get("staff"), Text: q.Get("text")}
	for _, f := range []struct {
		name string
		into **time.Time
	}{{"from", &sq.From}, {"to", &sq.To}} {
		if v := q.Get(f.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				core.WriteError(w, core.BadRequest("%s: an RFC 3339 time such as 2026-01-08T00:00:00Z", f.name))
				return
			}
			*f.into = &t
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			core.WriteError(w, core.BadRequest("limit: 1 to %d", maxPage))
			return
		}
		sq.Limit = n
	}
	res, err := h.svc.Search(r.Context(), guildID, sq)
	core.Reply(w, http.StatusOK, res, err)
}

func (h *apiHandlers) blocks(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r)
	if ok {
		bs, err := h.svc.Blocks(r.Context(), guildID)
		core.Reply(w, http.StatusOK, bs, err)
	}
}

func (h *apiHandlers) unblock(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r)
	if ok {
		core.Reply(w, http.StatusNoContent, nil, h.svc.Unblock(r.Context(), guildID, r.PathValue("userId")))
	}
}

func (h *apiHandlers) stats(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r)
	if ok {
		st, err := h.svc.Stats(r.Context(), guildID)
		core.Reply(w, http.StatusOK, st, err)
	}
}

var _ core.APIMounter = (*Plugin)(nil)
