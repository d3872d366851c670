package tickets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

// MountAPI implements core.APIMounter: the routes under
// /api/guilds/{guildId}/tickets/. docs/api.md lists them.
func (p *Plugin) MountAPI(r core.APIRouter) {
	h := &apiHandlers{svc: p.svc}
	core.Resource[Panel, PanelInput]{
		Query:  PanelsQuery,
		List:   p.svc.ListPanels,
		Get:    p.svc.Panel,
		Create: p.svc.CreatePanel,
		Update: p.svc.UpdatePanel,
		Delete: p.svc.DeletePanel,
	}.Mount(r, "/panels")
	r.HandleFunc(http.MethodPost, "/panels/{id}/repost", h.repost)
	r.HandleFunc(http.MethodGet, "/tickets", h.list)
	r.HandleFunc(http.MethodGet, "/tickets/{number}", h.get)
	r.HandleFunc(http.MethodGet, "/tickets/{number}/messages", h.messages)
	r.HandleFunc(http.MethodGet, "/tickets/{number}/transcript", h.transcript)
	r.HandleFunc(http.MethodPost, "/tickets/{number}/{action}", h.act)
	r.HandleFunc(http.MethodGet, "/stats", h.stats)
}

type apiHandlers struct{ svc *Service }

func (h *apiHandlers) repost(w http.ResponseWriter, r *http.Request) {
	g, by, ok := core.Request(w, r)
	if !ok {
		return
	}
	p, err := h.svc.RepostPanel(r.Context(), g, r.PathValue("id"), by)
	core.Reply(w, http.StatusOK, p, err)
}

// TicketPage is a page of the ticket list.
type TicketPage struct {
	Items      []Ticket `json:"items"`
	NextCursor string   `json:"nextCursor,omitempty"`
}

func (h *apiHandlers) list(w http.ResponseWriter, r *http.Request) {
	g, by, ok := core.Request(w, r, "status", "category", "claimedBy", "limit", "cursor")
	if !ok {
		return
	}
	qs := r.URL.Query()
	f := ListFilter{Status: Status(qs.Get("status")), Category: qs.Get("category"), ClaimedBy: qs.Get("claimedBy"), Cursor: qs.Get("cursor")}
	if f.ClaimedBy == "me" {
		f.ClaimedBy = by
	}
	if l := qs.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > core.MaxPageSize {
			core.WriteError(w, core.BadRequest("limit: 1 to %d", core.MaxPageSize))
			return
		}
		f.Limit = n
	}
	page, err := h.svc.List(r.Context(), g, f)
	core.Reply(w, http.StatusOK, page, err)
}

func (h *apiHandlers) ticket(w http.ResponseWriter, r *http.Request, query ...string) (*Ticket, string, bool) {
	g, by, ok := core.Request(w, r, query...)
	if !ok {
		return nil, "", false
	}
	n, err := core.PathNumber(r, "number", "ticket")
	if err == nil {
		var t *Ticket
		if t, err = h.svc.Ticket(r.Context(), g, n); err == nil {
			return t, by, true
		}
	}
	core.WriteError(w, err)
	return nil, "", false
}

func (h *apiHandlers) get(w http.ResponseWriter, r *http.Request) {
	if t, _, ok := h.ticket(w, r); ok {
		core.WriteJSON(w, http.StatusOK, t)
	}
}

func (h *apiHandlers) messages(w http.ResponseWriter, r *http.Request) {
	t, _, ok := h.ticket(w, r)
	if !ok {
		return
	}
	msgs, err := h.svc.Messages(r.Context(), t)
	core.Reply(w, http.StatusOK, msgs, err)
}

// transcript downloads the transcript: ?format=html (the default) or
// text, as an attachment.
func (h *apiHandlers) transcript(w http.ResponseWriter, r *http.Request) {
	t, _, ok := h.ticket(w, r, "format")
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "html" && format != "text" {
		core.WriteError(w, core.BadRequest("format: html or text, got %q", format))
		return
	}
	msgs, names, err := h.svc.Transcript(r.Context(), t)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	var b bytes.Buffer
	ext, ctype := "html", "text/html; charset=utf-8"
	if format == "text" {
		ext, ctype = "txt", "text/plain; charset=utf-8"
		err = RenderText(&b, t, msgs, names)
	} else {
		err = RenderHTML(&b, t, msgs, names)
	}
	if err != nil {
		core.WriteError(w, fmt.Errorf("tickets: render transcript of #%d: %w", t.Number, err))
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ticket-%d.%s"`, t.Number, ext))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

// actionBody is the body of POST tickets/{number}/{action}.
type actionBody struct {
	Reason string `json:"reason"`
	UserID string `json:"userId"`
	Name   string `json:"name"`
}

// act carries out a ticket action from the dashboard: claim, unclaim,
// add, remove, rename, close, reopen, delete.
func (h *apiHandlers) act(w http.ResponseWriter, r *http.Request) {
	t, by, ok := h.ticket(w, r)
	if !ok {
		return
	}
	var body actionBody
	if r.ContentLength != 0 {
		if err := core.ReadJSON(r, &body); err != nil {
			core.WriteError(w, err)
			return
		}
	}
	ctx := r.Context()
	var out *Ticket
	var err error
	switch r.PathValue("action") {
	case "claim":
		out, err = h.svc.Claim(ctx, t, by)
	case "unclaim":
		out, err = h.svc.Unclaim(ctx, t, by)
	case "add":
		out, err = h.svc.AddMember(ctx, t, body.UserID, by)
	case "remove":
		out, err = h.svc.RemoveMember(ctx, t, body.UserID, by)
	case "rename":
		out, err = h.svc.Rename(ctx, t, body.Name, by)
	case "close":
		out, err = h.svc.Close(ctx, t, body.Reason, by)
	case "reopen":
		out, err = h.svc.Reopen(ctx, t, by)
	case "delete":
		out, err = h.svc.Delete(ctx, t, by)
	default:
		err = core.Errorf(core.CodeNotFound, "no ticket action %q; use claim, unclaim, add, remove, rename, close, reopen or delete", r.PathValue("action"))
	}
	core.Reply(w, http.StatusOK, out, err)
}

func (h *apiHandlers) stats(w http.ResponseWriter, r *http.Request) {
	g, _, ok := core.Request(w, r)
	if !ok {
		return
	}
	st, err := h.svc.Stats(r.Context(), g)
	core.Reply(w, http.StatusOK, st, err)
}

// ListFilter selects tickets for the list.
type ListFilter struct {
	Status              Status
	Category, ClaimedBy string
	Limit               int
	Cursor              string
}

// List returns a page of the guild's tickets, newest first.
func (s *Service) List(ctx context.Context, guildID string, f ListFilter) (*TicketPage, error) {
	q := store.Where("guildId", guildID)
	switch f.Status {
	case "":
	case StatusOpen, StatusClosed, StatusDeleted:
		q = q.Where("status", f.Status)
	default:
		return nil, core.BadRequest("status: open, closed or deleted, got %q", f.Status)
	}
	if f.Category != "" {
		q = q.Where("category", f.Category)
	}
	if f.ClaimedBy != "" {
		q = q.Where("claimedBy", f.ClaimedBy)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	q = q.OrderBy("-number").Limit(f.Limit)
	if f.Cursor != "" {
		q = q.After(f.Cursor)
	}
	page, err := s.st.tickets.Page(ctx, q)
	if errors.Is(err, store.ErrBadCursor) {
		return nil, core.BadRequest("cursor: not one this list returned")
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: list tickets of guild %s: %w", guildID, err)
	}
	items := page.Items[:0]
	for _, t := range page.Items {
		if t.Status != StatusOpening {
			items = append(items, t)
		}
	}
	return &TicketPage{Items: items, NextCursor: page.Next}, nil
}

var _ core.APIMounter = (*Plugin)(nil)
