package dashboardapi

import (
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/dashboardapi/web"
)

// routes builds the handler: /api/ behind the API middleware, the web page
// at /.
func (s *Server) routes() (http.Handler, error) {
	api := http.NewServeMux()
	s.handleAuth(api)
	api.HandleFunc("GET /api/stats", s.authed(noQuery(s.getStats)))
	api.HandleFunc("GET /api/guilds", s.authed(noQuery(s.listGuilds)))
	api.Handle("GET /api/guilds/{guildId}/stats", s.guildRoute("", http.HandlerFunc(noQuery(s.getGuildStats))))
	s.handleCore(api)
	s.handleDirectory(api)
	s.handleEvents(api)
	for _, p := range s.core.Plugins() {
		if err := s.mountPlugin(api, p); err != nil {
			return nil, err
		}
	}
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := api.Handler(probe); pattern != "/api/" {
				methodNotAllowed(w, r)
				return
			}
		}
		core.WriteError(w, core.Errorf(core.CodeNotFound, "no route %s %s", r.Method, r.URL.Path))
	})

	root := http.NewServeMux()
	root.Handle("/api/", s.middleware(api))
	root.Handle("/", s.web())
	return s.recoverer(s.logRequests(root)), nil
}

// mountPlugin mounts p's config routes and its own routes. A plugin whose
// routes clash with another's is refused with an error naming it.
func (s *Server) mountPlugin(mux *http.ServeMux, p core.Plugin) (err error) {
	id := p.PluginInfo().ID
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plugin %s: mount API routes: %v", id, r)
		}
	}()
	pr := &pluginRouter{s: s, mux: mux, plugin: id}
	if gc, ok := p.(core.GuildConfigurer); ok {
		store := gc.GuildConfig()
		pr.HandleFunc(http.MethodGet, "/config", noQuery(s.getConfig(store)))
		pr.HandleFunc(http.MethodPut, "/config", noQuery(s.putConfig(store)))
		if sc, ok := p.(core.ConfigSchemer); ok {
			schema := sc.ConfigSchema()
			pr.HandleFunc(http.MethodGet, "/config/schema", noQuery(func(w http.ResponseWriter, _ *http.Request) {
				core.WriteJSON(w, http.StatusOK, schema)
			}))
		}
	}
	if m, ok := p.(core.APIMounter); ok {
		m.MountAPI(pr)
	}
	return nil
}

// pluginRouter is the core.APIRouter a plugin mounts its routes on.
type pluginRouter struct {
	s      *Server
	mux    *http.ServeMux
	plugin string
}

// Handle mounts h at /api/guilds/{guildId}/<plugin><path>. The plugin's
// root resource is path "" (/api/guilds/{g}/<plugin>, exactly); any other
// path starts with "/" and does not end with one, since net/http reads a
// trailing "/" as "everything below", which would swallow other routes'
// 404s. A path breaking the rule stops the plugin from mounting, with an
// error naming it.
func (p *pluginRouter) Handle(method, path string, h http.Handler) {
	if path != "" && (!strings.HasPrefix(path, "/") || strings.HasSuffix(path, "/")) {
		panic(fmt.Sprintf("route %q: use \"\" for the plugin's root and \"/name\" below it, with no trailing slash", path))
	}
	pattern := fmt.Sprintf("%s /api/guilds/{guildId}/%s%s", method, p.plugin, path)
	p.mux.Handle(pattern, p.s.guildRoute(p.plugin, h))
}

func (p *pluginRouter) HandleFunc(method, path string, h func(http.ResponseWriter, *http.Request)) {
	p.Handle(method, path, http.HandlerFunc(h))
}

// web serves the dashboard page: the embedded one unless WithWeb gave
// other files.
func (s *Server) web() http.Handler {
	if s.conf.web != nil {
		return http.FileServerFS(s.conf.web)
	}
	return web.Handler(web.PageConfig{Demo: s.demoEnabled(), WSURL: s.cfg.PublicWSURL}, s.pluginPages())
}

// pluginPages collects the web folders of the running plugins that have
// a page (core.WebPager), by plugin id, and a generated settings page for
// each plugin that declares its config's form (core.ConfigSchemer) but
// has no page of its own.
func (s *Server) pluginPages() map[string]fs.FS {
	pages := map[string]fs.FS{}
	for _, p := range s.core.Plugins() {
		info := p.PluginInfo()
		if wp, ok := p.(core.WebPager); ok {
			pages[info.ID] = wp.Web()
			continue
		}
		_, configurer := p.(core.GuildConfigurer)
		if _, ok := p.(core.ConfigSchemer); ok && configurer {
			title := info.Name
			if title == "" {
				title = info.ID
			}
			pages[info.ID] = web.SchemaPage(info.ID, title)
		}
	}
	return pages
}

// noQuery refuses every query parameter: the route takes none.
func noQuery(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := core.StrictQuery(r); err != nil {
			core.WriteError(w, err)
			return
		}
		h(w, r)
	}
}

var _ core.APIRouter = (*pluginRouter)(nil)
