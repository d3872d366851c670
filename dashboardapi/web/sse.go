package web

import (
	"net/url"
	"strings"
)

// sseSource is the content security policy's source for the gateway's SSE
// fallback (docs/protocol.md, "SSE fallback"): the WebSocket URL's host
// over http(s), path /sse in place of /ws, as the page's realtime client
// derives it (js/sse.js). A ws:// source does not cover an http:// fetch,
// so the policy names both. It is empty when wsURL cannot be read.
func sseSource(wsURL string) string {
	u, err := url.Parse(wsURL)
	if err != nil || u.Host == "" {
		return ""
	}
	switch u.Scheme {
	case "wss", "https":
		u.Scheme = "https"
	default:
		u.Scheme = "http"
	}
	path := strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/ws")
	return u.Scheme + "://" + u.Host + path + "/sse"
}
