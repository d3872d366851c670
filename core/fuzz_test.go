package core_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
)

// fuzzBody has the shapes the API's request bodies use: embedded config
// metadata, strings, numbers of several widths, pointers, slices, maps,
// nested objects and times.
type fuzzBody struct {
	core.ConfigMeta
	Name     string            `json:"name"`
	Count    int               `json:"count"`
	Small    int8              `json:"small"`
	Ratio    float64           `json:"ratio"`
	Enabled  *bool             `json:"enabled"`
	Tags     []string          `json:"tags"`
	Labels   map[string]string `json:"labels"`
	At       time.Time         `json:"at"`
	Nested   *fuzzBody         `json:"nested"`
	Optional *int64            `json:"optional,omitempty"`
}

// FuzzDecodeJSONStrict feeds arbitrary bodies to the strict JSON decoder
// every REST route uses: it must never panic, must refuse with a typed
// BAD_REQUEST, and what it accepts must survive a round trip.
func FuzzDecodeJSONStrict(f *testing.F) {
	for _, s := range []string{
		`{"version":3,"name":"x","count":1,"tags":["a"],"labels":{"k":"v"},"at":"2026-01-08T12:00:00Z"}`,
		`{"nested":{"nested":{"name":"deep"}},"enabled":true,"optional":9007199254740993}`,
		`{"version":"3"}`, `{"small":300}`, `{"unknown":1}`, `{"name":"a"}{"name":"b"}`,
		`{"at":"not a time"}`, `{"ratio":1e400}`, `[]`, `null`, ``, `{`, "{\"name\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v fuzzBody
		err := core.DecodeJSONStrict(body, &v)
		if err != nil {
			var ue *core.Error
			if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest || ue.Message == "" {
				t.Fatalf("refusal is not a BAD_REQUEST with a message: %#v", err)
			}
			return
		}
		again, err := json.Marshal(v)
		if err != nil {
			return // e.g. a time outside what JSON can encode: nothing to round-trip
		}
		var w fuzzBody
		if err := core.DecodeJSONStrict(again, &w); err != nil {
			t.Fatalf("re-encoded %s refused: %v", again, err)
		}
	})
}

// FuzzStrictQuery feeds arbitrary query strings to the query check every
// route runs: it must never panic, must refuse with BAD_REQUEST, and what
// it accepts holds only allowed parameters, each at most once.
func FuzzStrictQuery(f *testing.F) {
	for _, s := range []string{
		"", "cursor=abc&limit=10", "limit=1&limit=2", "x=1", "cursor", "%zz=1", "a=%00&cursor=%ff",
		"cursor=a;limit=2", "&&&", "=1", "Cursor=1", "limit=" + string(make([]byte, 64)),
	} {
		f.Add(s)
	}
	allowed := []string{"cursor", "limit"}
	f.Fuzz(func(t *testing.T, raw string) {
		r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/api/x", RawQuery: raw}}
		err := core.StrictQuery(r, allowed...)
		if err != nil {
			var ue *core.Error
			if !errors.As(err, &ue) || ue.Code != core.CodeBadRequest {
				t.Fatalf("refusal is not a BAD_REQUEST: %#v", err)
			}
			return
		}
		for k, vs := range r.URL.Query() {
			if (k != "cursor" && k != "limit") || len(vs) > 1 {
				t.Fatalf("accepted %q=%q from %q", k, vs, raw)
			}
		}
	})
}

// FuzzGrantRequest decodes POST .../dashboard/grants bodies and validates
// them: a refusal is a BAD_REQUEST with a message, never a panic.
func FuzzGrantRequest(f *testing.F) {
	for _, s := range []string{
		`{"userId":"200000000000000001","plugins":["moderation"]}`,
		`{"roleId":"400000000000000001","plugins":null}`,
		`{"userId":"1","roleId":"2"}`, `{"userId":"200000000000000001","plugins":[]}`,
		`{}`, `[]`, `null`, `{"plugins":["a","a"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var g core.GrantRequest
		if err := core.DecodeJSONStrict(body, &g); err != nil {
			return
		}
		var ue *core.Error
		if err := core.ValidateGrantRequest(g); err != nil && (!errors.As(err, &ue) || ue.Code != core.CodeBadRequest || ue.Message == "") {
			t.Fatalf("grant refusal is not a BAD_REQUEST with a message: %#v", err)
		}
	})
}
