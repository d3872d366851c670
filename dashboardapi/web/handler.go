package web

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
)

var importMapPattern = regexp.MustCompile(`(?s)<script type="importmap">(.*?)</script>`)

// importMapHash is the CSP hash of index.html's inline import map, the one
// inline script the page has.
var importMapHash = mustImportMapHash()

func mustImportMapHash() string {
	page, err := fs.ReadFile(FS, "index.html")
	if err != nil {
		panic(fmt.Sprintf("web: read index.html: %v", err))
	}
	m := importMapPattern.FindSubmatch(page)
	if m == nil {
		panic("web: index.html has no import map")
	}
	sum := sha256.Sum256(m[1])
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Handler serves Files(pc, pages): index.html at "/", and every other file by its
// path. It sets headers that keep the page safe and fresh: a content
// security policy allowing only this origin's scripts and the gateway's
// WebSocket (pc.WSURL), no framing, and no-cache on
// the page's own files so a new binary's page is picked up at once; the
// vendored libraries, pinned by version, are cached for a day.
func Handler(pc PageConfig, pages map[string]fs.FS) http.Handler {
	files := http.FileServerFS(Files(pc, pages))
	connectSrc := strings.TrimSpace(pc.WSURL + " " + sseSource(pc.WSURL))
	csp := "default-src 'self'; script-src 'self' 'sha256-" + importMapHash + "'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: https://cdn.discordapp.com; connect-src 'self' " + connectSrc +
		"; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/vendor/") {
			h.Set("Cache-Control", "public, max-age=86400")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}
