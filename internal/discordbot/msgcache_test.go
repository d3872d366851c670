package discordbot

import (
	"fmt"
	"testing"

	"github.com/warden-bot/warden/core"
)

// TestMsgCacheIsBounded checks both bounds: a channel keeps its latest
// messages only, and the least recently active channel goes first.
func TestMsgCacheIsBounded(t *testing.T) {
	c := newMsgCache(3, 2)
	for i := range 5 {
		c.put(core.CachedMessage{ChannelID: "a", MessageID: fmt.Sprint(i), Content: fmt.Sprint("m", i)})
	}
	tests := []struct {
		name, channel, id string
		cached            bool
	}{
		{"oldest beyond the bound is forgotten", "a", "1", false},
		{"latest is kept", "a", "4", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := c.remove(tc.channel, tc.id); ok != tc.cached {
				t.Fatalf("cached(%s/%s) = %v, want %v", tc.channel, tc.id, ok, tc.cached)
			}
		})
	}
	c.put(core.CachedMessage{ChannelID: "b", MessageID: "1"})
	if prev, ok := c.edit(core.CachedMessage{ChannelID: "a", MessageID: "3", Content: "edited"}); !ok || prev.Content != "m3" {
		t.Fatalf("edit previous = %+v, %v", prev, ok)
	}
	c.put(core.CachedMessage{ChannelID: "c", MessageID: "1"}) // evicts b, the least recent
	if _, ok := c.remove("b", "1"); ok {
		t.Fatal("channel b outlived the channel bound")
	}
	if m, ok := c.remove("a", "3"); !ok || m.Content != "edited" {
		t.Fatalf("a/3 = %+v, %v; want the edited message", m, ok)
	}
}
