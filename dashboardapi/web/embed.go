package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed static
var static embed.FS

// PluginPagesManifest is the generated list of the ids of the plugins
// with a page, which the page imports from PluginPagesDir/<id>/page.js.
const PluginPagesManifest = "js/plugins/index.json"

// PluginPagesDir is where each plugin's web files are served:
// plugins/<id>/page.js and its assets beside it.
const PluginPagesDir = "plugins"

// PageConfigFile is the generated file the page reads its PageConfig from
// before anyone signs in.
const PageConfigFile = "config.json"

// PageConfig is what the page must know before anyone signs in. It holds
// no secret: it is served to every visitor.
type PageConfig struct {
	// Demo shows the one-click demo login (POST /api/auth/demo-login).
	Demo bool `json:"demo"`
	// WSURL is where the browser reaches the gateway (PUBLIC_WS_URL).
	WSURL string `json:"wsUrl"`
}

// FS is the dashboard's files, rooted at the page (index.html at the root),
// with no plugin pages and an empty PageConfig. Servers use Files or
// Handler, which carry the real ones.
var FS fs.FS = Files(PageConfig{}, nil)

var root = mustRoot()

func mustRoot() fs.FS {
	root, err := fs.Sub(static, "static")
	if err != nil {
		panic(fmt.Sprintf("web: embedded static folder: %v", err))
	}
	return root
}

// Files returns the dashboard's files with pc served as config.json and
// each plugin's web files (pages maps plugin ids to them; each holds a
// page.js) under plugins/<id>/. The dashboard API serves them at "/":
//
//	dashboardapi.WithWeb(web.Files(web.PageConfig{Demo: cfg.Demo.Enabled, WSURL: cfg.PublicWSURL}, pages))
func Files(pc PageConfig, pages map[string]fs.FS) fs.FS {
	cfg, err := json.Marshal(pc)
	if err != nil {
		panic(fmt.Sprintf("web: encode page config: %v", err)) // a struct of a bool and a string always encodes.
	}
	ids := make([]string, 0, len(pages))
	for id := range pages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	manifest, err := json.Marshal(ids)
	if err != nil {
		panic(fmt.Sprintf("web: encode plugin pages manifest: %v", err)) // a list of strings always encodes.
	}
	return &overlayFS{base: root, files: map[string][]byte{PluginPagesManifest: manifest, PageConfigFile: cfg},
		dirs: pages, dirsAt: PluginPagesDir}
}
