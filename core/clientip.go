package core

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the peers whose X-Forwarded-For header is believed
// (TRUSTED_PROXIES). The dashboard API's rate limiter and the gateway's
// per-address limits both find the client through it.
type TrustedProxies []netip.Prefix

// ParseTrustedProxies parses TRUSTED_PROXIES: IPs or CIDRs.
func ParseTrustedProxies(list []string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, &ConfigError{Key: "TRUSTED_PROXIES", Problem: fmt.Sprintf("want IPs or CIDRs, got %q", s)}
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (t TrustedProxies) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP returns the client's address: the peer, or, when the peer is a
// trusted proxy, the right-most X-Forwarded-For entry that is not itself a
// trusted proxy.
func (t TrustedProxies) ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !t.trusted(peer) {
		if err == nil {
			return peer.Unmap().String()
		}
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer.Unmap().String()
		}
		if !t.trusted(a) {
			return a.Unmap().String()
		}
	}
	return peer.Unmap().String()
}

// ClientKey returns the key per-client limits count under: the client's
// IPv4 address, or the /64 network of an IPv6 one (one subscriber usually
// holds a whole /64, so counting per address would let it pick a fresh
// address for every request).
func (t TrustedProxies) ClientKey(r *http.Request) string {
	return AddrKey(t.ClientIP(r))
}

// AddrKey groups an address as ClientKey does; a string that is not an
// address is its own key.
func AddrKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.WithZone("").Prefix(64)
	return p.String()
}
