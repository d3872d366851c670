package core_test

import (
	"net/http/httptest"
	"testing"

	"github.com/warden-bot/warden/core"
)

func TestClientKey(t *testing.T) {
	proxies, err := core.ParseTrustedProxies([]string{"10.0.0.0/8", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, peer, xff, want string
	}{
		{"IPv4 peer", "192.0.2.1:5000", "", "192.0.2.1"},
		{"untrusted peer's header is ignored", "192.0.2.1:5000", "198.51.100.1", "192.0.2.1"},
		{"trusted proxy", "10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},
		{"right-most untrusted hop", "10.1.2.3:5000", "203.0.113.9, 198.51.100.1, 10.9.9.9", "198.51.100.1"},
		{"IPv6 peer grouped by /64", "[2001:db8:1:2:aaaa::1]:5000", "", "2001:db8:1:2::/64"},
		{"IPv6 behind a proxy", "[::1]:5000", "2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"},
		{"IPv4-mapped IPv6 is IPv4", "[::ffff:192.0.2.1]:5000", "", "192.0.2.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := proxies.ClientKey(r); got != tc.want {
				t.Fatalf("ClientKey = %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := core.ParseTrustedProxies([]string{"not-an-ip"}); err == nil {
		t.Fatal("a bad TRUSTED_PROXIES entry was accepted")
	}
}
