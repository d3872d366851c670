package store

import (
	"reflect"
	"strings"
	"time"
)

var timeType = reflect.TypeOf(time.Time{})

// goField is a JSON field path resolved against a Go struct type.
type goField struct {
	index []int // for reflect.Value.FieldByIndex; nil when under a pointer
	typ   reflect.Type
}

// resolveField finds the struct field that encoding/json writes at path,
// following embedded structs as encoding/json does. Pointers to structs are
// followed for the type but not for the index (such a field cannot be set
// by index).
func resolveField(t reflect.Type, path string) (goField, bool) {
	var idx []int
	settable := true
	for _, part := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
			settable = false
		}
		if t.Kind() != reflect.Struct {
			return goField{}, false
		}
		f, ok := jsonField(t, part)
		if !ok {
			return goField{}, false
		}
		idx = append(idx, f.Index...)
		t = f.Type
	}
	if !settable {
		idx = nil
	}
	return goField{index: idx, typ: t}, true
}

// jsonField returns the field of struct t that encoding/json names name.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		tagName, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && tagName == "" {
			continue // promoted: VisibleFields lists its fields too
		}
		if tagName == "" {
			tagName = f.Name
		}
		if tagName == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// kindOf says how a field of Go type t is normalised.
func kindOf(t reflect.Type) Kind {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return KindTime
	}
	return KindScalar
}

// scalarType reports whether t can be an index field.
func scalarType(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}
