package wsgateway

import (
	"sort"
	"testing"

	"github.com/warden-bot/warden/core"
)

// FuzzParseEventID feeds arbitrary Last-Event-ID headers to the parser: it
// must never panic, and what it accepts must come back unchanged through
// the id the gateway would write for it.
func FuzzParseEventID(f *testing.F) {
	for _, s := range []string{
		"300000000000000001:7:9f2c1a7b3e01",
		"300000000000000001:7:9f2c1a7b3e01,global:0:e",
		"global:18446744073709551615:x", "global:18446744073709551616:x",
		"a:b:c", ",", "::", "300000000000000001:1:e:f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		pos, err := parseEventID(id)
		if err != nil {
			return
		}
		rooms := make([]string, 0, len(pos))
		for r := range pos {
			if !core.ValidRoom(r) {
				t.Fatalf("accepted room %q", r)
			}
			rooms = append(rooms, r)
		}
		sort.Strings(rooms)
		again, err := parseEventID(string(formatEventID(nil, rooms, pos)))
		if err != nil || len(again) != len(pos) {
			t.Fatalf("round trip of %q: %v, %v", id, again, err)
		}
		for r, p := range pos {
			if again[r] != p {
				t.Fatalf("round trip of %q: %s is %v, want %v", id, r, again[r], p)
			}
		}
	})
}
