package store

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

type keyed string

type keyDoc struct {
	Meta
	S    string     `json:"s"`
	SO   string     `json:"so,omitempty"`
	K    keyed      `json:"k,omitzero"`
	B    bool       `json:"b"`
	BO   bool       `json:"bo,omitempty"`
	I    int        `json:"i"`
	I8   int8       `json:"i8,omitempty"`
	U    uint64     `json:"u"`
	F    float64    `json:"f"`
	FO   float64    `json:"fo,omitempty"`
	T    time.Time  `json:"t"`
	TP   *time.Time `json:"tp,omitempty"`
	SP   *string    `json:"sp,omitempty"`
	Sub  keySub     `json:"sub"`
	Skip string     `json:"-"`
}

type keySub struct {
	N int64  `json:"n"`
	X string `json:"x,omitempty"`
}

// TestKeyReaderMatchesTheJSON checks, over many random documents, that the
// keys read from Go values are exactly those ExtractKeys reads from the
// JSON (which is what a restore, having no Go types, computes).
func TestKeyReaderMatchesTheJSON(t *testing.T) {
	paths := []string{"s", "so", "k", "b", "bo", "i", "i8", "u", "f", "fo", "t", "tp", "sp", "sub.n", "sub.x"}
	spec := &Spec{Name: "keys"}
	typ := reflect.TypeFor[keyDoc]()
	for _, p := range paths {
		f, ok := resolveField(typ, p)
		if !ok {
			t.Fatalf("field %s", p)
		}
		spec.Fields = append(spec.Fields, Field{Path: p, Kind: kindOf(f.typ)})
	}
	kr := newKeyReader(typ, spec)
	if kr.fromJSON {
		t.Fatal("the key reader declined a type it can read")
	}
	r := rand.New(rand.NewPCG(1, 2))
	floats := []float64{0, -0.0, 1, 2.5, -3, 1e-7, 1e20, 1e21, 1 << 62, 1 << 63, -(1 << 63), math.MaxFloat64, 123456789.125}
	strs := []string{"", "a", "é", "<&>", "0"}
	for i := range 2000 {
		tm := time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(time.FixedZone("x", int(r.Int32N(20))*1800))
		d := keyDoc{S: strs[r.IntN(len(strs))], SO: strs[r.IntN(len(strs))], K: keyed(strs[r.IntN(len(strs))]),
			B: r.IntN(2) == 0, BO: r.IntN(2) == 0, I: int(r.Int64N(1<<40)) - 1<<39, I8: int8(r.IntN(3) - 1),
			U: []uint64{0, 7, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64}[r.IntN(5)],
			F: floats[r.IntN(len(floats))], FO: floats[r.IntN(len(floats))],
			Sub: keySub{N: r.Int64N(100), X: strs[r.IntN(len(strs))]}}
		if r.IntN(3) > 0 {
			d.T = tm
		}
		if r.IntN(2) == 0 {
			d.TP = &tm
		}
		if r.IntN(2) == 0 {
			s := strs[r.IntN(len(strs))]
			d.SP = &s
		}
		raw, err := json.Marshal(&d)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ExtractKeys(spec, raw)
		if err != nil {
			t.Fatal(err)
		}
		got := kr.keys(reflect.ValueOf(&d).Elem())
		if !reflect.DeepEqual(got, want) {
			for _, p := range paths {
				if !reflect.DeepEqual(got[p], want[p]) {
					t.Errorf("doc %d field %s: read %#v from Go, %#v from the JSON %s", i, p, got[p], want[p], raw)
				}
			}
			t.FailNow()
		}
	}
}

type customKey struct{ v string }

func (c customKey) MarshalJSON() ([]byte, error) { return json.Marshal("x" + c.v) }

type customDoc struct {
	Meta
	C customKey `json:"c"`
	F float32   `json:"f"`
}

func TestKeyReaderDeclinesWhatItCannotPredict(t *testing.T) {
	for _, path := range []string{"f"} {
		spec := &Spec{Name: "c", Fields: []Field{{Path: path, Kind: KindScalar}}}
		if kr := newKeyReader(reflect.TypeFor[customDoc](), spec); !kr.fromJSON {
			t.Errorf("%s: the key reader did not decline", path)
		}
	}
	if predictable(reflect.TypeFor[customKey]()) {
		t.Error("a type with its own MarshalJSON is predictable")
	}
}
