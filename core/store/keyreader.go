package store

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// keyReader reads a document's index keys straight from its Go value,
// giving exactly what ExtractKeys reads from the document's JSON, without
// decoding that JSON again (a fifth of the cost of an insert). Types whose
// JSON it cannot predict (custom marshalers, float32, fields behind
// pointers to structs) make newKeyReader decline, and the JSON is read.
type keyReader struct {
	spec   *Spec
	fields []fieldReader
	// fromJSON: the type's JSON cannot be predicted; read the keys from it.
	fromJSON bool
}

type fieldReader struct {
	path      string
	index     []int
	omitEmpty bool // omitempty or omitzero on the field itself
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func newKeyReader(t reflect.Type, spec *Spec) *keyReader {
	kr := &keyReader{spec: spec}
	for _, f := range spec.Fields {
		gf, ok := resolveField(t, f.Path)
		if !ok || gf.index == nil || !predictable(gf.typ) {
			return &keyReader{spec: spec, fromJSON: true}
		}
		sf := t.FieldByIndex(gf.index)
		_, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		kr.fields = append(kr.fields, fieldReader{path: f.Path, index: gf.index,
			omitEmpty: strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")})
	}
	return kr
}

// predictable reports whether keyValueOf gives what encoding/json writes
// for a value of type t.
func predictable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return true
	}
	if t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) ||
		t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return false
	}
	return t.Kind() != reflect.Float32 && scalarType(t)
}

func (kr *keyReader) keys(doc reflect.Value) Keys {
	keys := make(Keys, len(kr.fields))
	for _, f := range kr.fields {
		keys[f.path] = keyValueOf(doc.FieldByIndex(f.index), f.omitEmpty)
	}
	return keys
}

func keyValueOf(v reflect.Value, omitEmpty bool) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v, omitEmpty = v.Elem(), false // a set pointer is written, even to a zero value
	}
	if v.Type() == timeType {
		return timeKey(v.Interface().(time.Time))
	}
	if omitEmpty && v.IsZero() {
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u := v.Uint(); u <= math.MaxInt64 {
			return int64(u)
		} else {
			return float64(u)
		}
	case reflect.Float64:
		// encoding/json writes the shortest decimal that reads back as f,
		// without an exponent between 1e-6 and 1e21; ExtractKeys reads
		// that text as an integer when it has no fraction and fits.
		f := v.Float()
		if abs := math.Abs(f); abs < 1e21 && (abs >= 1e-6 || abs == 0) {
			if n, err := strconv.ParseInt(strconv.FormatFloat(f, 'f', -1, 64), 10, 64); err == nil {
				return n
			}
		}
		return f
	}
	return nil
}
