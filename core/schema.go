package core

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// ConfigSchemer is the optional capability of a plugin whose guild config
// the dashboard can render as a form by itself: the plugin declares its
// fields once, and the dashboard serves the schema at
// GET /api/guilds/{guildId}/<plugin>/config/schema, draws the form from
// it, checks the limits before sending, and shows the server's per-field
// errors beside each field. A plugin with a schema and no page of its own
// (core.WebPager) gets a settings page from the schema alone.
type ConfigSchemer interface {
	ConfigSchema() ConfigSchema
}

// ConfigSchema is a guild config's form.
type ConfigSchema struct {
	Fields []ConfigField `json:"fields"`
}

// ConfigField describes one field of a config document.
type ConfigField struct {
	// Name is the field's JSON key.
	Name string `json:"name"`
	// Type is the JSON it takes: string, integer, number, boolean, list
	// (of strings), map (of strings by key) or table (a list of rows).
	Type string `json:"type"`
	// Label and Help are shown with the input.
	Label string `json:"label"`
	Help  string `json:"help,omitempty"`
	// Widget picks the input: role, channel or member (pickers), duration
	// (seconds, edited in a unit), colour, template (with Vars and a
	// preview), select (one of Options), textarea, timezone (a searchable
	// list of IANA zones), locale (a BCP 47 tag); empty is the type's
	// plain input.
	Widget string `json:"widget,omitempty"`
	// Min and Max bound a number; MaxLength a string; MaxItems a list or
	// table.
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	MaxLength int      `json:"maxLength,omitempty"`
	MaxItems  int      `json:"maxItems,omitempty"`
	// Options are a select's choices.
	Options []string `json:"options,omitempty"`
	// Keys are a map's keys: a template map gets one editor per key.
	Keys []string `json:"keys,omitempty"`
	// Vars are a template's variables, written {name}.
	Vars []string `json:"vars,omitempty"`
	// ChannelType limits a channel picker: text, voice or category.
	ChannelType string `json:"channelType,omitempty"`
	// Columns are a table's columns, one field per JSON key of its rows.
	Columns []ConfigField `json:"columns,omitempty"`
}

// SchemaOf derives a config's schema from its Go struct: every exported
// field with a JSON name (embedded structs such as ConfigMeta are left
// out), its type from the Go type, and the rest from struct tags:
//
//	label:"Mod log channel" help:"Every case is posted here."
//	widget:"channel" channel:"text" min:"0" max:"1000" maxlen:"1500"
//	maxitems:"25" options:"timeout,kick,ban" keys:"warn,kick" vars:"user,reason"
//
// A field with no label is labelled from its JSON name. A slice of structs
// is a table whose columns come from the element's fields the same way.
// It panics on a malformed tag: schemas are built once, at start, from
// constant tags.
func SchemaOf(v any) ConfigSchema {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return ConfigSchema{Fields: fieldsOf(t)}
}

func fieldsOf(t reflect.Type) []ConfigField {
	var out []ConfigField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, fieldOf(name, f))
	}
	return out
}

func fieldOf(name string, f reflect.StructField) ConfigField {
	tag := f.Tag
	cf := ConfigField{Name: name, Label: tag.Get("label"), Help: tag.Get("help"), Widget: tag.Get("widget"),
		ChannelType: tag.Get("channel"), Options: list(tag.Get("options")), Keys: list(tag.Get("keys")), Vars: list(tag.Get("vars"))}
	if cf.Label == "" {
		cf.Label = labelOf(name)
	}
	cf.Min, cf.Max = number(name, tag.Get("min")), number(name, tag.Get("max"))
	cf.MaxLength, cf.MaxItems = integer(name, tag.Get("maxlen")), integer(name, tag.Get("maxitems"))
	t := f.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		cf.Type = "string"
	case reflect.Bool:
		cf.Type = "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		cf.Type = "integer"
	case reflect.Float32, reflect.Float64:
		cf.Type = "number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			cf.Type, cf.Columns = "table", fieldsOf(t.Elem())
		} else {
			cf.Type = "list"
		}
	case reflect.Map:
		cf.Type = "map"
	default:
		panic(fmt.Sprintf("config schema: field %s: %s has no form", name, t))
	}
	return cf
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func number(field, s string) *float64 {
	if s == "" {
		return nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("config schema: field %s: %q is not a number", field, s))
	}
	return &n
}

func integer(field, s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("config schema: field %s: %q is not an integer", field, s))
	}
	return n
}

// labelOf turns "modLogChannelId" into "Mod log channel id".
func labelOf(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case i == 0:
			b.WriteString(strings.ToUpper(string(r)))
		case r >= 'A' && r <= 'Z':
			b.WriteByte(' ')
			b.WriteString(strings.ToLower(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
