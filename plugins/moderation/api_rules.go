package moderation

import (
	"net/http"

	"github.com/warden-bot/warden/core"
)

// ruleBody is the body of PUT rules/{id}: the rule and the version it was
// read at.
type ruleBody struct {
	RuleInput
	Version int64 `json:"version"`
}

// presetBody is the body of PUT presets/{id}.
type presetBody struct {
	PresetInput
	Version int64 `json:"version"`
}

func (h *apiHandlers) listRules(w http.ResponseWriter, r *http.Request) {
	if guildID, _, ok := request(w, r); ok {
		rules, err := h.svc.Rules(r.Context(), guildID)
		reply(w, http.StatusOK, rules, err)
	}
}

func (h *apiHandlers) getRule(w http.ResponseWriter, r *http.Request) {
	guildID, _, ok := request(w, r)
	id, idOK := docID(w, r, false)
	if ok && idOK {
		rule, err := h.svc.Rule(r.Context(), guildID, id)
		reply(w, http.StatusOK, rule, err)
	}
}

func (h *apiHandlers) createRule(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	if !ok {
		return
	}
	var in RuleInput
	if err := core.ReadJSON(r, &in); err != nil {
		core.WriteError(w, err)
		return
	}
	rule, err := h.svc.CreateRule(r.Context(), guildID, in, userID)
	if err == nil {
		core.NoteChange(r.Context(), "rule created", nil, rule)
	}
	reply(w, http.StatusCreated, rule, err)
}

func (h *apiHandlers) putRule(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	id, idOK := docID(w, r, false)
	if !ok || !idOK {
		return
	}
	var body ruleBody
	if err := core.ReadJSON(r, &body); err != nil {
		core.WriteError(w, err)
		return
	}
	if body.Version < 1 {
		core.WriteError(w, core.BadRequest("version: give the version the rule was read at"))
		return
	}
	before, _ := h.svc.Rule(r.Context(), guildID, id)
	rule, err := h.svc.UpdateRule(r.Context(), guildID, id, body.RuleInput, body.Version, userID)
	if err == nil {
		core.NoteChange(r.Context(), "rule updated", before, rule)
	}
	reply(w, http.StatusOK, rule, err)
}

func (h *apiHandlers) patchRule(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	id, idOK := docID(w, r, false)
	if !ok || !idOK {
		return
	}
	var body struct {
		Enabled *bool `json:"enabled"`
	}
	if err := core.ReadJSON(r, &body); err != nil {
		core.WriteError(w, err)
		return
	}
	if body.Enabled == nil {
		core.WriteError(w, core.BadRequest("enabled: required (true or false)"))
		return
	}
	rule, err := h.svc.SetRuleEnabled(r.Context(), guildID, id, *body.Enabled, userID)
	if err == nil {
		core.NoteChange(r.Context(), "rule toggled", nil, rule)
	}
	reply(w, http.StatusOK, rule, err)
}

func (h *apiHandlers) deleteRule(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	id, idOK := docID(w, r, false)
	if !ok || !idOK {
		return
	}
	before, _ := h.svc.Rule(r.Context(), guildID, id)
	err := h.svc.DeleteRule(r.Context(), guildID, id, userID)
	if err == nil {
		core.NoteChange(r.Context(), "rule deleted", before, nil)
	}
	reply(w, http.StatusNoContent, nil, err)
}

func (h *apiHandlers) listPresets(w http.ResponseWriter, r *http.Request) {
	if guildID, _, ok := request(w, r); ok {
		presets, err := h.svc.Presets(r.Context(), guildID)
		reply(w, http.StatusOK, presets, err)
	}
}

func (h *apiHandlers) createPreset(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	if !ok {
		return
	}
	var in PresetInput
	if err := core.ReadJSON(r, &in); err != nil {
		core.WriteError(w, err)
		return
	}
	p, err := h.svc.CreatePreset(r.Context(), guildID, in, userID)
	if err == nil {
		core.NoteChange(r.Context(), "preset created", nil, p)
	}
	reply(w, http.StatusCreated, p, err)
}

func (h *apiHandlers) putPreset(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	id, idOK := docID(w, r, true)
	if !ok || !idOK {
		return
	}
	var body presetBody
	if err := core.ReadJSON(r, &body); err != nil {
		core.WriteError(w, err)
		return
	}
	p, err := h.svc.UpdatePreset(r.Context(), guildID, id, body.PresetInput, body.Version, userID)
	if err == nil {
		core.NoteChange(r.Context(), "preset updated", nil, p)
	}
	reply(w, http.StatusOK, p, err)
}

func (h *apiHandlers) deletePreset(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	id, idOK := docID(w, r, true)
	if !ok || !idOK {
		return
	}
	err := h.svc.DeletePreset(r.Context(), guildID, id, userID)
	if err == nil {
		core.NoteChange(r.Context(), "preset deleted", map[string]string{"id": id}, nil)
	}
	reply(w, http.StatusNoContent, nil, err)
}

func (h *apiHandlers) applyPreset(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := request(w, r)
	id, idOK := docID(w, r, true)
	if !ok || !idOK {
		return
	}
	if body, err := core.ReadBody(r); err != nil || (len(body) > 0 && core.DecodeJSONStrict(body, &struct{}{}) != nil) {
		core.WriteError(w, core.BadRequest("the body must be empty or {}"))
		return
	}
	rules, err := h.svc.ApplyPreset(r.Context(), guildID, id, userID)
	if err == nil {
		core.NoteChange(r.Context(), "preset applied", nil, map[string]any{"presetId": id, "rules": len(rules)})
	}
	reply(w, http.StatusOK, map[string]any{"rules": rules}, err)
}
