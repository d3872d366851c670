package moderation

import (
	"net/http"
	"strconv"

	"github.com/warden-bot/warden/core"
)

func (h *apiHandlers) listInfractions(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r, "user", "type", "status", "cursor", "limit")
	if !ok {
		return
	}
	q := r.URL.Query()
	f := CaseFilter{UserID: q.Get("user"), Type: CaseType(q.Get("type")), Status: Status(q.Get("status")), Cursor: q.Get("cursor")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || len(l) > 4 {
			core.WriteError(w, core.BadRequest("limit: must be 1-100"))
			return
		}
		if f.Limit = n; n == 0 {
			f.Limit = -1
		}
	}
	page, err := h.svc.Cases(r.Context(), guildID, f)
	core.Reply(w, http.StatusOK, page, err)
}

func (h *apiHandlers) getInfraction(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := core.Request(w, r)
	n, nOK := caseNumber(w, r)
	if ok && nOK {
		in, err := h.svc.Case(r.Context(), guildID, n)
		core.Reply(w, http.StatusOK, in, err)
	}
}

// createInfraction carries out a manual action from the dashboard. When
// Discord refuses, the answer is a DISCORD_ERROR naming the failed case
// that records the attempt.
func (h *apiHandlers) createInfraction(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := core.Request(w, r)
	if !ok {
		return
	}
	var req ActionRequest
	if err := core.ReadJSON(r, &req); err != nil {
		core.WriteError(w, err)
		return
	}
	req.GuildID, req.ModeratorID, req.Source = guildID, userID, SourceManual
	in, err := h.svc.Act(r.Context(), req)
	if in != nil {
		core.NoteChange(r.Context(), "case "+string(in.Type), nil, in)
	}
	core.Reply(w, http.StatusCreated, in, err)
}

func (h *apiHandlers) patchInfraction(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := core.Request(w, r)
	n, nOK := caseNumber(w, r)
	if !ok || !nOK {
		return
	}
	var p CasePatch
	if err := core.ReadJSON(r, &p); err != nil {
		core.WriteError(w, err)
		return
	}
	before, _ := h.svc.Case(r.Context(), guildID, n)
	in, err := h.svc.EditCase(r.Context(), guildID, n, p, userID)
	if err == nil {
		core.NoteChange(r.Context(), "case edited", before, in)
	}
	core.Reply(w, http.StatusOK, in, err)
}
