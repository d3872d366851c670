package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed static
var static embed.FS

// PluginPagesManifest is the generated list of plugin page modules
// (js/plugins/<id>.js) that the page imports: adding a plugin's page is
// adding its one file.
const PluginPagesManifest = "js/plugins/index.json"

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
// with the plugin pages manifest generated from the embedded folder and an
// empty PageConfig. Servers use Files or Handler, which carry the real one.
var FS fs.FS = Files(PageConfig{})

var root, manifest = mustLoad()

func mustLoad() (fs.FS, []byte) {
	root, err := fs.Sub(static, "static")
	if err != nil {
		panic(fmt.Sprintf("web: embedded static folder: %v", err))
	}
	manifest, err := pluginManifest(root)
	if err != nil {
		panic(fmt.Sprintf("web: plugin pages manifest: %v", err))
	}
	return root, manifest
}

// Files returns the dashboard's files with pc served as config.json. The
// dashboard API serves them at "/":
//
//	dashboardapi.WithWeb(web.Files(web.PageConfig{Demo: cfg.Demo.Enabled, WSURL: cfg.PublicWSURL}))
func Files(pc PageConfig) fs.FS {
	cfg, err := json.Marshal(pc)
	if err != nil {
		panic(fmt.Sprintf("web: encode page config: %v", err)) // a struct of a bool and a string always encodes.
	}
	return &overlayFS{base: root, files: map[string][]byte{PluginPagesManifest: manifest, PageConfigFile: cfg}}
}

// pluginManifest lists the plugin page modules under js/plugins as a JSON
// array of ids, sorted.
func pluginManifest(root fs.FS) ([]byte, error) {
	entries, err := fs.ReadDir(root, path.Dir(PluginPagesManifest))
	if err != nil {
		return nil, fmt.Errorf("read plugin pages: %w", err)
	}
	ids := []string{}
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ".js") {
			ids = append(ids, strings.TrimSuffix(name, ".js"))
		}
	}
	sort.Strings(ids)
	return json.Marshal(ids)
}
