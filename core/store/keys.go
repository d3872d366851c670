package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Keys are a document's index keys: each declared field's value, normalised
// to nil, string, int64, float64 or bool. Times are int64 Unix nanoseconds.
type Keys map[string]any

// ExtractKeys reads the spec's fields out of a document's JSON. It needs no
// Go type, so restore can use it on a backup.
func ExtractKeys(spec *Spec, doc []byte) (Keys, error) {
	keys := make(Keys, len(spec.Fields))
	if len(spec.Fields) == 0 {
		return keys, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, invalidf("%s: document is not a JSON object: %v", spec.Name, err)
	}
	for _, f := range spec.Fields {
		raw, ok := lookup(top, f.Path)
		if !ok {
			keys[f.Path] = nil
			continue
		}
		v, err := keyFromJSON(f.Kind, raw)
		if err != nil {
			return nil, invalidf("%s: field %s: %v", spec.Name, f.Path, err)
		}
		keys[f.Path] = v
	}
	return keys, nil
}

// lookup follows a dotted path through nested objects.
func lookup(top map[string]json.RawMessage, path string) (json.RawMessage, bool) {
	obj := top
	parts := strings.Split(path, ".")
	for i, p := range parts {
		raw, ok := obj[p]
		if !ok {
			return nil, false
		}
		if i == len(parts)-1 {
			return raw, true
		}
		obj = nil
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			return nil, false
		}
	}
	return nil, false
}

func keyFromJSON(kind Kind, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if kind == KindTime {
		var t time.Time
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, fmt.Errorf("not a time: %s", truncateJSON(raw))
		}
		return timeKey(t), nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return s, nil
	case 't', 'f':
		return raw[0] == 't', nil
	case '{', '[':
		return nil, fmt.Errorf("an index field must hold a string, number, boolean or time, not %s", truncateJSON(raw))
	}
	return numberKey(string(raw))
}

func numberKey(s string) (any, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("not a number: %s", s)
	}
	return f, nil
}

func timeKey(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func truncateJSON(raw []byte) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

// KeyValue normalises a query value the way ExtractKeys normalises stored
// ones: times to Unix nanoseconds, every integer to int64, every float to
// float64, and named string and bool types to their base types.
func KeyValue(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		return timeKey(x), nil
	case *time.Time:
		if x == nil {
			return nil, nil
		}
		return timeKey(*x), nil
	case string, int64, float64, bool:
		return x, nil
	case json.Number:
		return numberKey(string(x))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return nil, invalidf("query value %d is out of range", u)
		}
		return int64(u), nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, invalidf("query value %v is not a finite number", f)
		}
		return f, nil
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return KeyValue(rv.Elem().Interface())
	}
	return nil, invalidf("query value of type %T: use a string, number, boolean or time", v)
}
