package dashboardapi_test

import (
	"net/http"
	"time"

	"github.com/warden-bot/warden/core"
)

// apitest is a plugin with a config document and routes that misbehave,
// registered for these tests only.
type apitest struct {
	cfg *core.GuildConfig[apitestConfig, *apitestConfig]
}

type apitestConfig struct {
	core.ConfigMeta `bson:",inline"`
	Threshold       int `json:"threshold" bson:"threshold"`
}

func init() {
	core.RegisterPlugin(core.PluginInfo{ID: "apitest", Name: "API test", New: func() core.Plugin { return &apitest{} }})
}

func (p *apitest) PluginInfo() core.PluginInfo { info, _ := core.LookupPlugin("apitest"); return info }

func (p *apitest) Provision(pc *core.Context) error {
	p.cfg = core.NewGuildConfig[apitestConfig](pc, func(string) apitestConfig { return apitestConfig{Threshold: 3} })
	return nil
}

func (p *apitest) Events() []core.EventSpec {
	return []core.EventSpec{{Name: "apitest:config_updated", Description: "test", Example: map[string]any{}}}
}

func (p *apitest) GuildConfig() core.ConfigStore { return p.cfg }

func (p *apitest) MountAPI(r core.APIRouter) {
	r.HandleFunc(http.MethodGet, "/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	})
	r.HandleFunc(http.MethodGet, "/panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	r.HandleFunc(http.MethodPost, "/echo", func(w http.ResponseWriter, r *http.Request) {
		var v struct {
			Text string `json:"text"`
		}
		if err := core.ReadJSON(r, &v); err != nil {
			core.WriteError(w, err)
			return
		}
		core.WriteJSON(w, http.StatusOK, v)
	})
}
