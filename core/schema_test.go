package core_test

import (
	"testing"

	"github.com/warden-bot/warden/core"
)

type schemaRow struct {
	Points int    `json:"points" min:"1" max:"10"`
	Action string `json:"action" widget:"select" options:"kick,ban"`
}

type schemaDoc struct {
	core.ConfigMeta
	Roles    []string          `json:"roles" widget:"role" maxitems:"5" label:"Staff roles" help:"Who may act."`
	Channel  string            `json:"logChannelId" widget:"channel" channel:"text"`
	On       bool              `json:"on"`
	Texts    map[string]string `json:"texts" widget:"template" keys:"warn,ban" vars:"user,reason" maxlen:"100"`
	Steps    []schemaRow       `json:"steps" maxitems:"3"`
	internal int
}

func TestSchemaOf(t *testing.T) {
	s := core.SchemaOf(schemaDoc{})
	if len(s.Fields) != 5 {
		t.Fatalf("fields: %+v (embedded meta and unexported fields are left out)", s.Fields)
	}
	byName := map[string]core.ConfigField{}
	for _, f := range s.Fields {
		byName[f.Name] = f
	}
	cases := []struct {
		name string
		ok   func(core.ConfigField) bool
	}{
		{"roles", func(f core.ConfigField) bool {
			return f.Type == "list" && f.Widget == "role" && f.MaxItems == 5 && f.Label == "Staff roles" && f.Help == "Who may act."
		}},
		{"logChannelId", func(f core.ConfigField) bool {
			return f.Type == "string" && f.ChannelType == "text" && f.Label == "Log channel id"
		}},
		{"on", func(f core.ConfigField) bool { return f.Type == "boolean" }},
		{"texts", func(f core.ConfigField) bool {
			return f.Type == "map" && len(f.Keys) == 2 && len(f.Vars) == 2 && f.MaxLength == 100
		}},
		{"steps", func(f core.ConfigField) bool {
			return f.Type == "table" && len(f.Columns) == 2 && f.Columns[0].Type == "integer" && *f.Columns[0].Max == 10 &&
				f.Columns[1].Options[1] == "ban"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if f, ok := byName[tc.name]; !ok || !tc.ok(f) {
				t.Errorf("%+v", f)
			}
		})
	}
}

func TestErrorField(t *testing.T) {
	cases := map[string]string{
		"modLogChannelId: \"x\" is not a channel id": "modLogChannelId",
		"thresholds[1].points: must be 1-1000":       "thresholds[1].points",
		"dmTemplates.warn: at most 1500 characters":  "dmTemplates.warn",
		"Something else: went wrong":                 "",
		"no field here":                              "",
	}
	for msg, want := range cases {
		if got := core.ErrorField(msg); got != want {
			t.Errorf("ErrorField(%q) = %q, want %q", msg, got, want)
		}
	}
}
