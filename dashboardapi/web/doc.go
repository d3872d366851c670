// Package web holds the dashboard's browser page: HTML, CSS, JavaScript
// modules and the vendored libraries (Preact, htm, uPlot; see
// static/vendor/VERSIONS and scripts/vendor-web.sh), embedded in the binary
// so that `warden --demo` serves the dashboard with no build step.
//
// The dashboard API serves Handler (or FS) at "/". The page talks to the
// REST API under /api/ and to the gateway at the URL the API reports; this
// package holds no server logic and must not import the API or the core.
package web
