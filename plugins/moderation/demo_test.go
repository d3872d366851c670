package moderation

import (
	"strings"
	"testing"
)

// TestDemoCommandsAreRegistered keeps the demo's list in step with the
// commands: a renamed command would silently drop out of the demo.
func TestDemoCommandsAreRegistered(t *testing.T) {
	p := new(Plugin)
	names := map[string]bool{}
	for _, c := range p.Commands() {
		names[c.Name] = true
	}
	for _, dc := range p.DemoCommands() {
		if cmd, _, _ := strings.Cut(dc.Name, " "); !names[cmd] || dc.Weight <= 0 || len(dc.Texts) == 0 {
			t.Errorf("demo command %+v: registered %v", dc, names[cmd])
		}
	}
}
