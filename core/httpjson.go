package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/warden-bot/warden/core/store"
)

// DecodeJSONStrict decodes one JSON value into v. Unknown fields, trailing
// data and wrong types are BAD_REQUEST errors whose message names the field.
func DecodeJSONStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return BadRequest("%s", describeJSONError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return BadRequest("the body must hold exactly one JSON value")
	}
	return nil
}

func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "the body is empty; a JSON object was expected"
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := jsonFieldPath(typ.Field)
		if field == "" {
			return fmt.Sprintf("expected %s, got JSON %s", jsonKind(typ.Type), typ.Value)
		}
		return fmt.Sprintf("field %q: expected %s, got JSON %s", field, jsonKind(typ.Type), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "malformed JSON: " + err.Error()
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errorBody is the contract's error shape: {"error":{"code","message"}}.
// A version conflict also carries the stored document as "current".
type errorBody struct {
	Error struct {
		Code    Code   `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
		Current any    `json:"current,omitempty"`
	} `json:"error"`
}

// WriteError writes err in the contract's error shape with the status that
// fits its code. Internal causes are never shown.
func WriteError(w http.ResponseWriter, err error) {
	ue := AsUserError(err)
	var body errorBody
	body.Error.Code, body.Error.Message = ue.Code, ue.Message
	if ue.Code == CodeBadRequest {
		body.Error.Field = ErrorField(ue.Message)
	}
	var ce *ConflictError
	var sce *store.ConflictError
	switch {
	case errors.As(err, &ce):
		m := ce.Current.Meta()
		body.Error.Message = conflictMessage(m.Version, m.UpdatedBy, m.UpdatedAt)
		body.Error.Current = ce.Current
	case errors.As(err, &sce) && sce.Current != nil:
		var version int64
		if d, ok := sce.Current.(store.Document); ok {
			version = d.StoreMeta().Version
		}
		var st Stamp
		if d, ok := sce.Current.(Stamped); ok {
			st = *d.LastChange()
		}
		body.Error.Message = conflictMessage(version, st.UpdatedBy, st.UpdatedAt)
		body.Error.Current = sce.Current
	}
	WriteJSON(w, ue.Code.Status(), body)
}

func conflictMessage(version int64, by string, at time.Time) string {
	if by == "" {
		return fmt.Sprintf("the document is now at version %d; reload and try again", version)
	}
	return fmt.Sprintf("changed by %s at %s (now version %d); reload and try again",
		by, at.Format("2006-01-02 15:04:05 MST"), version)
}

// jsonFieldPath turns encoding/json's field path into the one the client
// sent: the path names embedded Go structs ("ConfigMeta.version"), which
// are no part of the JSON (Warden's JSON keys are lowerCamelCase).
func jsonFieldPath(path string) string {
	var keep []string
	for _, seg := range strings.Split(path, ".") {
		if seg != "" && seg[0] >= 'A' && seg[0] <= 'Z' {
			continue
		}
		keep = append(keep, seg)
	}
	return strings.Join(keep, ".")
}

// jsonKind names the JSON a Go type takes, without naming the Go type.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}

// errorFieldPrefix matches the JSON field path a validation message
// starts with: "thresholds[0].points: must be 1-1000".
var errorFieldPrefix = regexp.MustCompile(`^([a-z][A-Za-z0-9_]*(?:\[[0-9]+\]|\.[A-Za-z0-9_]+)*): `)

// ErrorField returns the JSON field path a BAD_REQUEST message names
// ("modLogChannelId: ..." gives "modLogChannelId"), or "". The API sends
// it as error.field so that a form can show the message beside the field.
func ErrorField(message string) string {
	if m := errorFieldPrefix.FindStringSubmatch(message); m != nil {
		return m[1]
	}
	return ""
}
