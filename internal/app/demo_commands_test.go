package app

import (
	"encoding/json"
	"github.com/warden-bot/warden/core"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/discordsim"
)

func TestFillOptionsFollowsTheSchema(t *testing.T) {
	target := discordsim.UserID(7)
	cases := []struct {
		name   string
		schema string
		check  func(v any) bool
	}{
		{"user option gets the target", `{"type":6,"name":"o","required":true}`,
			func(v any) bool { return v == target }},
		{"string option gets one of the texts within max_length", `{"type":3,"name":"o","required":true,"max_length":10}`,
			func(v any) bool { return v == "too long a" || v == "short" }},
		{"integer stays small and within min/max", `{"type":4,"name":"o","required":true,"min_value":1,"max_value":40320}`,
			func(v any) bool { n, ok := v.(int); return ok && n >= 1 && n <= 10 }},
		{"integer with a tight max", `{"type":4,"name":"o","required":true,"min_value":0,"max_value":2}`,
			func(v any) bool { n, ok := v.(int); return ok && n >= 0 && n <= 2 }},
		{"number within bounds", `{"type":10,"name":"o","required":true,"min_value":0.5,"max_value":1}`,
			func(v any) bool { f, ok := v.(float64); return ok && f >= 0.5 && f <= 1 }},
		{"boolean", `{"type":5,"name":"o","required":true}`,
			func(v any) bool { _, ok := v.(bool); return ok }},
		{"string choice is one of the choices", `{"type":3,"name":"o","required":true,"choices":[{"name":"a","value":"show"},{"name":"b","value":"edit"}]}`,
			func(v any) bool { return v == "show" || v == "edit" }},
		{"integer choice is an int", `{"type":4,"name":"o","required":true,"choices":[{"name":"a","value":3}]}`,
			func(v any) bool { return v == 3 }},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var o discordsim.CommandOption
			if err := json.Unmarshal([]byte(tc.schema), &o); err != nil {
				t.Fatal(err)
			}
			for range 50 {
				got := fillOptions(rng, []discordsim.CommandOption{o}, target, []string{"too long a reason", "short"})
				if v, ok := got["o"]; !ok || !tc.check(v) {
					t.Fatalf("got %#v", got)
				}
			}
		})
	}
}

func TestRunnableCommandsWeighsAndFilters(t *testing.T) {
	cmd := func(name, opts string) discordsim.ApplicationCommand {
		return discordsim.ApplicationCommand{Name: name, Type: 1, Options: json.RawMessage(opts)}
	}
	cmds := map[string][]discordsim.ApplicationCommand{"": {
		cmd("warn", `[{"type":6,"name":"user","required":true}]`),
		cmd("ban", `[{"type":6,"name":"user","required":true}]`),
		cmd("config", `[{"type":1,"name":"show"},{"type":2,"name":"log","options":[{"type":1,"name":"set","options":[{"type":7,"name":"channel","required":true}]},{"type":1,"name":"off"}]}]`),
		cmd("cases", `[{"type":1,"name":"user","options":[{"type":6,"name":"user","required":true}]}]`),
		cmd("lock", `[{"type":7,"name":"channel","required":true}]`),
		cmd("ping", ``),
	}}
	mix := demoMix([]core.Plugin{demoer{
		{Name: "warn", Weight: 3, Staff: true}, {Name: "ban", Weight: 0, Staff: true},
		{Name: "config", Weight: 1}, {Name: "cases user", Weight: 2, Staff: true}, {Name: "lock", Weight: 1},
	}})
	got := map[string]demoCommand{}
	for _, c := range runnableCommands(cmds, mix) {
		got[strings.TrimSpace(c.name+" "+c.sub)] = c
	}
	cases := []struct {
		name      string
		runnable  bool
		staff     bool
		minWeight int
	}{
		{"warn", true, true, 1},
		{"ban", false, false, 0},
		{"config", false, false, 0},
		{"config show", true, false, 1},
		{"config log set", false, false, 0},
		{"config log off", true, false, 1},
		{"cases user", true, true, 1},
		{"lock", false, false, 0},
		{"ping: no plugin gave it to the demo", false, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := got[strings.Split(tc.name, ":")[0]]
			if ok != tc.runnable || (ok && (c.staff != tc.staff || c.weight < tc.minWeight)) {
				t.Fatalf("runnable %v, %+v", ok, c)
			}
		})
	}
}

// demoer is a plugin that gives the demo commands.
type demoer []core.DemoCommand

func (d demoer) PluginInfo() core.PluginInfo      { return core.PluginInfo{ID: "demoer"} }
func (d demoer) DemoCommands() []core.DemoCommand { return d }

func TestLatencyWalkStaysInBoundsAndMoves(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var w latencyWalk
	seen := map[time.Duration]bool{}
	for range 10000 {
		d := w.next(rng)
		if d < demoLatencyMin || d > demoLatencyMax {
			t.Fatalf("latency %s out of [%s, %s]", d, demoLatencyMin, demoLatencyMax)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Fatalf("the walk took only %d values", len(seen))
	}
}
