package moderation

import (
	"context"
	"net/http"
	"regexp"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/core/store"
)

var builtinIDPattern = regexp.MustCompile(`^builtin-[a-z-]{1,40}$`)

// mountRules mounts the rules and presets: list, get, create, update and
// delete are core.Resource's generic routes over the service; toggling a
// rule and applying a preset are moderation's own.
func (h *apiHandlers) mountRules(r core.APIRouter) {
	svc := h.svc
	core.Resource[Rule, RuleInput]{
		Query:   rulesQuery,
		Filters: []core.Filter{{Param: "enabled", Parse: core.ParseBool("enabled")}},
		List:    svc.ListRules,
		Get:     svc.Rule,
		Create:  svc.CreateRule,
		Update:  svc.UpdateRule,
		Delete:  svc.DeleteRule,
	}.Mount(r, "/rules")
	r.HandleFunc(http.MethodPatch, "/rules/{id}", h.patchRule)
	core.Resource[Preset, PresetInput]{
		Query: presetsQuery,
		List: func(ctx context.Context, _ string, q store.Query) (store.Page[Preset], error) {
			return svc.presets.Page(ctx, q)
		},
		First:  builtins,
		Create: svc.CreatePreset,
		Update: svc.UpdatePreset,
		Delete: svc.DeletePreset,
		ValidID: func(id string) bool {
			return store.IsID(id) || builtinIDPattern.MatchString(id)
		},
	}.Mount(r, "/presets")
	r.HandleFunc(http.MethodPost, "/presets/{id}/apply", h.applyPreset)
}

// docID returns the {id} path value if it can name a rule or preset.
func docID(w http.ResponseWriter, r *http.Request, builtinOK bool) (string, bool) {
	id := r.PathValue("id")
	if store.IsID(id) || (builtinOK && builtinIDPattern.MatchString(id)) {
		return id, true
	}
	core.WriteError(w, core.Errorf(core.CodeNotFound, "%q is not an id this API returned", id))
	return "", false
}

// patchRule turns a rule on or off: {"enabled": true|false}, no version.
func (h *apiHandlers) patchRule(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := core.Request(w, r)
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
	core.Reply(w, http.StatusOK, rule, err)
}

// applyPreset creates or updates the preset's rules; each rule's write is
// audited and broadcast on its own.
func (h *apiHandlers) applyPreset(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := core.Request(w, r)
	id, idOK := docID(w, r, true)
	if !ok || !idOK {
		return
	}
	if body, err := core.ReadBody(r); err != nil || (len(body) > 0 && core.DecodeJSONStrict(body, &struct{}{}) != nil) {
		core.WriteError(w, core.BadRequest("the body must be empty or {}"))
		return
	}
	rules, err := h.svc.ApplyPreset(r.Context(), guildID, id, userID)
	core.Reply(w, http.StatusOK, map[string]any{"rules": rules}, err)
}
