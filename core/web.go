package core

import "io/fs"

// WebPager is the optional capability of a plugin with a dashboard page.
// Web returns the plugin's web folder, embedded from plugins/<id>/web/:
// page.js, the page module, and whatever it loads beside it. The dashboard
// serves the folder at /plugins/<id>/ and loads page.js for every running
// plugin that has one, so a disabled plugin's page is gone too. The page
// imports the dashboard's own modules as "warden/<module>.js" and calls
// registerPluginPage (docs/dashboard.md).
type WebPager interface {
	Web() fs.FS
}
