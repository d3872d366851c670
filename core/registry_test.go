package core_test

import (
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

type bare struct{ id string }

func (b *bare) PluginInfo() core.PluginInfo { return core.PluginInfo{ID: b.id} }

func TestRegisterPluginRefusesBadRegistrations(t *testing.T) {
	core.RegisterPlugin(core.PluginInfo{ID: "regtest", New: func() core.Plugin { return &bare{"regtest"} }})
	t.Cleanup(func() { core.UnregisterPlugin("regtest") })

	cases := []struct {
		name string
		info core.PluginInfo
		want string
	}{
		{"empty id", core.PluginInfo{New: func() core.Plugin { return nil }}, "empty plugin id"},
		{"uppercase id", core.PluginInfo{ID: "Bad", New: func() core.Plugin { return nil }}, "must match"},
		{"colon in id", core.PluginInfo{ID: "a:b", New: func() core.Plugin { return nil }}, "must match"},
		{"no constructor", core.PluginInfo{ID: "nonew"}, "no New function"},
		{"duplicate", core.PluginInfo{ID: "regtest", New: func() core.Plugin { return nil }}, "registered twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatalf("RegisterPlugin did not panic")
				}
				if msg, _ := r.(string); !strings.Contains(msg, tc.want) {
					t.Fatalf("panic %q does not contain %q", r, tc.want)
				}
			}()
			core.RegisterPlugin(tc.info)
		})
	}
	if _, ok := core.LookupPlugin("regtest"); !ok {
		t.Fatal("the valid registration was lost")
	}
}
