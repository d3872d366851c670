package tickets

import (
	"embed"
	"io/fs"

	"github.com/warden-bot/warden/core"
)

//go:embed web
var webFiles embed.FS

// Web implements core.WebPager: the tickets page (web/page.js).
func (p *Plugin) Web() fs.FS {
	files, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic("tickets: embedded web folder: " + err.Error()) // "web" is embedded above.
	}
	return files
}

// ConfigSchema implements core.ConfigSchemer: the settings form, from
// Config's tags.
func (p *Plugin) ConfigSchema() core.ConfigSchema { return core.SchemaOf(Config{}) }

var (
	_ core.WebPager      = (*Plugin)(nil)
	_ core.ConfigSchemer = (*Plugin)(nil)
)
