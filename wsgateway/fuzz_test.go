package wsgateway

import (
	"testing"
	"unicode/utf8"
)

// FuzzDecodeFrame feeds arbitrary bytes to the frame decoder: it must never
// panic, and whatever it accepts must be a known type with its fields.
// Seeds live in testdata/fuzz/FuzzDecodeFrame.
func FuzzDecodeFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"ping"}`,
		`{"type":"auth","token":"a.b.c"}`,
		`{"type":"subscribe","guildId":"300000000000000001","since":5,"epoch":"ab12"}`,
		`{"type":"unsubscribe","guildId":"global"}`,
		`{"type":"subscribe","guildId":"1","since":1e400,"epoch":""}`,
		`{"type":"ping","type":"auth"}`,
		`[]`, `null`, `"x"`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := decodeFrame(data)
		if err != nil {
			if !utf8.ValidString(err.Error()) && utf8.Valid(data) {
				t.Fatalf("error message is not UTF-8: %q", err.Error())
			}
			return
		}
		if _, ok := frameFields[fr.Type]; !ok {
			t.Fatalf("accepted unknown type %q", fr.Type)
		}
		if (fr.Type == typeSubscribe || fr.Type == typeUnsubscribe) && fr.GuildID == "" {
			t.Fatalf("accepted %s without guildId", fr.Type)
		}
		if fr.Type == typeAuth && fr.Token == "" {
			t.Fatal("accepted auth without token")
		}
	})
}
