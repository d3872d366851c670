package dashboard

import (
	"net/http"

	"github.com/warden-bot/warden/core"
)

// MountAPI implements core.APIMounter. The API has already checked that the
// caller may open the guild and that their access covers this plugin. The
// grants and the audit log beside these routes are the core's.
func (p *Plugin) MountAPI(r core.APIRouter) {
	r.HandleFunc(http.MethodGet, "/settings", p.getSettings)
	r.HandleFunc(http.MethodPut, "/settings", p.putSettings)
	r.HandleFunc(http.MethodGet, "/settings/schema", p.getSchema)
}

// getSchema serves the settings form (core.ConfigSchema), which the
// dashboard draws with a searchable timezone select.
func (p *Plugin) getSchema(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r); err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, schema)
}

func (p *Plugin) getSettings(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r); err != nil {
		core.WriteError(w, err)
		return
	}
	doc, err := p.settings.Get(r.Context(), r.PathValue("guildId"))
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, doc)
}

func (p *Plugin) putSettings(w http.ResponseWriter, r *http.Request) {
	if err := core.StrictQuery(r); err != nil {
		core.WriteError(w, err)
		return
	}
	caller, _ := core.CallerFrom(r.Context())
	body, err := core.ReadBody(r)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	saved, err := p.SaveSettings(r.Context(), r.PathValue("guildId"), body, caller.UserID)
	if err != nil {
		core.WriteError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, saved)
}
