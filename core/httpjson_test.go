package core_test

import (
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

type jsonDocForTest struct {
	core.ConfigMeta
	Threshold int      `json:"threshold"`
	Names     []string `json:"names"`
	Inner     struct {
		Enabled bool `json:"enabled"`
	} `json:"inner"`
}

// Decoding errors name the field as the client sent it and the JSON it
// should have been, never a Go type or an embedded struct's name.
func TestJSONErrorsNameNoInternals(t *testing.T) {
	cases := []struct{ body, want string }{
		{`{"version":"3"}`, `field "version": expected a whole number, got JSON string`},
		{`{"threshold":true}`, `field "threshold": expected a whole number, got JSON bool`},
		{`{"names":"a"}`, `field "names": expected an array, got JSON string`},
		{`{"inner":{"enabled":1}}`, `field "inner.enabled": expected true or false, got JSON number`},
		{`[]`, `expected an object, got JSON array`},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			var v jsonDocForTest
			err := core.DecodeJSONStrict([]byte(tc.body), &v)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			for _, internal := range []string{"ConfigMeta", "int64", "core.", "jsonDocForTest"} {
				if strings.Contains(err.Error(), internal) {
					t.Fatalf("error %q names %s", err, internal)
				}
			}
		})
	}
}
