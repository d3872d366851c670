package web

import "testing"

func TestSSESource(t *testing.T) {
	cases := map[string]string{
		"ws://localhost:3002":          "http://localhost:3002/sse",
		"ws://localhost:3002/":         "http://localhost:3002/sse",
		"ws://localhost:3002/ws":       "http://localhost:3002/sse",
		"wss://example.com/gateway/ws": "https://example.com/gateway/sse",
		"":                             "",
		"::":                           "",
	}
	for in, want := range cases {
		if got := sseSource(in); got != want {
			t.Errorf("sseSource(%q) = %q, want %q", in, got, want)
		}
	}
}
