package mongostore

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestJSONBSONRoundTrip(t *testing.T) {
	tests := []struct {
		name, doc string
	}{
		{"plain", `{"id":"a","version":3,"n":1,"f":0.25,"b":true,"z":null,"s":"x"}`},
		{"order kept", `{"z":1,"a":2,"m":{"y":1,"b":2}}`},
		{"unicode and escapes", `{"s":"héllo 日本 🛡️","h":"\u003cb\u003e \u0026","c":"line\nbreak\t\"q\"\\ \u2028"}`},
		{"reserved and odd names", `{"_id":"mine","_v":1,"_k":{"_id":2},"$set":{"$in":[1]},"a.b":1,"~t":2,"%x":3,"~%24":4}`},
		{"big numbers", `{"u":18446744073709551615,"i":-9223372036854775808,"e":1e+21,"small":1e-7,"neg":-0.5}`},
		{"hand-written number", `{"x":1.50,"y":2E3}`},
		{"arrays", `{"a":[],"b":[[1,"2"],{"c":null}],"o":{}}`},
		{"empty", `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := jsonToBSON([]byte(tc.doc))
			if err != nil {
				t.Fatalf("to BSON: %v", err)
			}
			stored := append(bson.D{{Key: fieldID, Value: "id"}, {Key: fieldVersion, Value: int64(1)}, {Key: fieldKeys, Value: bson.D{}}}, d...)
			raw, err := bson.Marshal(stored)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			back, err := bsonToJSON(raw)
			if err != nil {
				t.Fatalf("to JSON: %v", err)
			}
			if string(back) != tc.doc {
				t.Errorf("round trip:\n got %s\nwant %s", back, tc.doc)
			}
			for _, e := range d {
				if e.Key == fieldID || e.Key == fieldVersion || e.Key == fieldKeys || e.Key[0] == '$' {
					t.Errorf("stored field name %q is not escaped", e.Key)
				}
			}
		})
	}
}

func TestJSONToBSONRefuses(t *testing.T) {
	for _, doc := range []string{``, `[]`, `"s"`, `{"a":}`, `{"a":1} {}`, `{"a":1`} {
		if _, err := jsonToBSON([]byte(doc)); err == nil {
			t.Errorf("%q converted", doc)
		}
	}
}

func TestDupIndex(t *testing.T) {
	// spec is what dupIndex matches FerretDB's SQLite index names against.
	tests := []struct {
		msg, want string
	}{
		{"E11000 duplicate key error collection: w.cases index: guild_number dup key: { _k.guildId: \"g\" }", "guild_number"},
		{"E11000 duplicate key error collection: w.cases index: _id_ dup key: { _id: \"x\" }", "_id"},
		{"constraint failed: UNIQUE constraint failed: index 'cases_e60c2c52_guild_number' (2067)", "guild_number"},
		{"E11000 duplicate key error collection: w.cases", ""},
	}
	for _, tc := range tests {
		if got := dupIndex(caseSpec, errString(tc.msg)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.msg, got, tc.want)
		}
	}
}
