package dashboard

import (
	"errors"
	"testing"

	"github.com/warden-bot/warden/core"
)

// FuzzRequestBodies feeds arbitrary bodies to the dashboard's request
// bodies as its handlers decode them: the settings document (strict
// decoding, then Validate) and a new grant (strict decoding, then the
// grant check). Nothing may panic and every refusal is a BAD_REQUEST.
func FuzzRequestBodies(f *testing.F) {
	for _, s := range []string{
		`{"version":1,"locale":"en-US","timezone":"Europe/Berlin","dateFormat":"relative"}`,
		`{"version":1,"locale":"x","timezone":"../../etc/passwd","dateFormat":"?"}`,
		`{"version":1,"timezone":"Local"}`, `{"timezone":"/etc/localtime"}`,
		`{"userId":"200000000000000001","plugins":["moderation"]}`,
		`{"roleId":"400000000000000001","plugins":null}`,
		`{"userId":"1","roleId":"2"}`, `{"userId":"200000000000000001","plugins":[]}`,
		`{}`, `[]`, `null`, `{"version":"1"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(what string, err error) {
			var ue *core.Error
			if err != nil && (!errors.As(err, &ue) || ue.Code != core.CodeBadRequest || ue.Message == "") {
				t.Fatalf("%s: refusal is not a BAD_REQUEST with a message: %#v", what, err)
			}
		}
		var s Settings
		if err := core.DecodeJSONStrict(body, &s); err == nil {
			check("settings", s.Validate())
		}
	})
}
