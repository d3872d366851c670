package app

import (
	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/dashboardapi"
)

func init() { addWiring(20, "api", wireAPI) }

// wireAPI adds the dashboard API and installs the access checker shared
// with the gateway. The guild directory and the latency come from the
// Discord component once it has started; the demo's simulated Discord, when
// wired, supplies the OAuth2 endpoints and the demo admin.
func wireAPI(a *App) error {
	var opts []dashboardapi.Option
	if d, ok := a.Parts["discord"].(interface {
		OAuth2Endpoints() dashboardapi.OAuth2Config
	}); ok {
		opts = append(opts, dashboardapi.WithOAuth2(d.OAuth2Endpoints()))
	}
	if d, ok := a.Parts["discord"].(interface{ DemoAdminID() string }); ok {
		opts = append(opts, dashboardapi.WithDemoUser(d.DemoAdminID()))
	}
	srv, err := dashboardapi.New(a.Core, opts...)
	if err != nil {
		return err
	}
	a.Core.SetAccess(core.NewCoreAccess(a.Core))
	a.Add(srv)
	return nil
}
