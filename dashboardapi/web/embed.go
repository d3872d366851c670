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

// FS is the dashboard's files, rooted at the page (index.html at the root),
// with the plugin pages manifest generated from the embedded folder. The
// dashboard API serves it at "/", for example with Handler.
var FS fs.FS = mustBuild()

func mustBuild() fs.FS {
	root, err := fs.Sub(static, "static")
	if err != nil {
		panic(fmt.Sprintf("web: embedded static folder: %v", err))
	}
	manifest, err := pluginManifest(root)
	if err != nil {
		panic(fmt.Sprintf("web: plugin pages manifest: %v", err))
	}
	return &overlayFS{base: root, name: PluginPagesManifest, data: manifest}
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
