package mongostore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Reserved top-level fields of a stored document: the id, the version and
// the index keys. The document's own fields follow them.
const (
	fieldID      = "_id"
	fieldVersion = "_v"
	fieldKeys    = "_k"
)

// escapeMark starts a field name that was escaped. MongoDB refuses names
// that begin with '$' and reads '.' as a path, and a document's own "_id",
// "_v" or "_k" would collide with the reserved fields, so such names are
// stored as escapeMark followed by the name with '%', '.', '$' and NUL
// percent-encoded. A name that itself begins with escapeMark is escaped too,
// so unescaping is exact. "_id" is escaped at every depth: FerretDB moves
// an embedded document's "_id" field to the front, which would reorder the
// document's JSON.
const escapeMark = "~"

var keyEscaper = strings.NewReplacer("%", "%25", ".", "%2E", "$", "%24", "\x00", "%00")

func escapeKey(k string, top bool) string {
	if strings.HasPrefix(k, "$") || strings.HasPrefix(k, escapeMark) || strings.ContainsAny(k, ".\x00") ||
		k == fieldID || top && (k == fieldVersion || k == fieldKeys) {
		return escapeMark + keyEscaper.Replace(k)
	}
	return k
}

func unescapeKey(k string) (string, error) {
	if !strings.HasPrefix(k, escapeMark) {
		return k, nil
	}
	var b strings.Builder
	s := k[len(escapeMark):]
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("escaped field name %q is truncated", k)
		}
		n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("escaped field name %q: %w", k, err)
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}

// numberText is the BSON binary subtype (a user-defined one) that holds a
// JSON number neither int64 nor float64 reproduces exactly (a uint64
// above 2^63, say) as its text. FerretDB v1 has no Decimal128, and JSON
// documents never hold binary data, so the value cannot be mistaken.
const numberText = 0x80

// jsonToBSON converts a JSON object into BSON fields, in order. Integers
// that fit become int64, other numbers float64 when that reproduces their
// text and their text (numberText) otherwise, so no digit is lost.
func jsonToBSON(doc []byte) (bson.D, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("document is not JSON: %w", err)
	}
	if tok != json.Delim('{') {
		return nil, errors.New("document is not a JSON object")
	}
	d, err := readObject(dec, true)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("document has data after its JSON object")
	}
	return d, nil
}

func readObject(dec *json.Decoder, top bool) (bson.D, error) {
	d := bson.D{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("document is not JSON: %w", err)
		}
		if tok == json.Delim('}') {
			return d, nil
		}
		k, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("document is not JSON: a field name is %v", tok)
		}
		v, err := readValue(dec)
		if err != nil {
			return nil, err
		}
		d = append(d, bson.E{Key: escapeKey(k, top), Value: v})
	}
}

func readValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("document is not JSON: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return readObject(dec, false)
		case '[':
			a := bson.A{}
			for dec.More() {
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("document is not JSON: %w", err)
			}
			return a, nil
		}
		return nil, fmt.Errorf("document is not JSON: unexpected %v", t)
	case json.Number:
		return numberToBSON(string(t))
	case string, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("document is not JSON: unexpected %v", tok)
}

func numberToBSON(s string) (any, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
		if back, _ := json.Marshal(f); string(back) == s {
			return f, nil
		}
	}
	return bson.Binary{Subtype: numberText, Data: []byte(s)}, nil
}

// bsonToJSON writes the stored document's own fields (all but the reserved
// ones) back as the JSON they were converted from.
func bsonToJSON(raw bson.Raw) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeObject(&buf, raw, true); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeObject(buf *bytes.Buffer, raw bson.Raw, top bool) error {
	elems, err := raw.Elements()
	if err != nil {
		return fmt.Errorf("stored document is not valid BSON: %w", err)
	}
	buf.WriteByte('{')
	first := true
	for _, e := range elems {
		k := e.Key()
		if top && (k == fieldID || k == fieldVersion || k == fieldKeys) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		name, err := unescapeKey(k)
		if err != nil {
			return err
		}
		writeString(buf, name)
		buf.WriteByte(':')
		if err := writeValue(buf, e.Value()); err != nil {
			return fmt.Errorf("field %s: %w", name, err)
		}
	}
	buf.WriteByte('}')
	return nil
}

func writeValue(buf *bytes.Buffer, v bson.RawValue) error {
	switch v.Type {
	case bson.TypeNull, bson.TypeUndefined:
		buf.WriteString("null")
	case bson.TypeBoolean:
		buf.WriteString(strconv.FormatBool(v.Boolean()))
	case bson.TypeString:
		writeString(buf, v.StringValue())
	case bson.TypeInt32:
		buf.WriteString(strconv.FormatInt(int64(v.Int32()), 10))
	case bson.TypeInt64:
		buf.WriteString(strconv.FormatInt(v.Int64(), 10))
	case bson.TypeDouble:
		f := v.Double()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%v has no JSON form", f)
		}
		b, _ := json.Marshal(f)
		buf.Write(b)
	case bson.TypeDecimal128:
		buf.WriteString(v.Decimal128().String())
	case bson.TypeBinary:
		sub, data := v.Binary()
		if sub != numberText || !json.Valid(data) {
			return fmt.Errorf("binary data (subtype %#x) has no JSON form here", sub)
		}
		buf.Write(data)
	case bson.TypeEmbeddedDocument:
		return writeObject(buf, v.Document(), false)
	case bson.TypeArray:
		vals, err := v.Array().Values()
		if err != nil {
			return fmt.Errorf("stored array is not valid BSON: %w", err)
		}
		buf.WriteByte('[')
		for i, x := range vals {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeValue(buf, x); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case bson.TypeDateTime:
		// Not written by this driver; shown the way encoding/json shows a
		// time.Time, so documents written by other tools still decode.
		b, _ := json.Marshal(v.Time().UTC())
		buf.Write(b)
	case bson.TypeObjectID:
		writeString(buf, v.ObjectID().Hex())
	default:
		return fmt.Errorf("BSON type %s has no JSON form here", v.Type)
	}
	return nil
}

// writeString writes s as encoding/json does (HTML-safe escapes included),
// so a document read back is byte-equal to the one written.
func writeString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	buf.Write(b)
}

// keyName is the name of an index field inside _k. Field paths are dotted;
// a '.' inside _k would be read as a path, and '-' cannot occur in a path.
func keyName(path string) string { return strings.ReplaceAll(path, ".", "-") }

// keyPath is the document path of an index field's key.
func keyPath(path string) string { return fieldKeys + "." + keyName(path) }

// keyFromBSON normalises a stored key back to a store.Keys value.
func keyFromBSON(v bson.RawValue) any {
	switch v.Type {
	case bson.TypeString:
		return v.StringValue()
	case bson.TypeInt64:
		return v.Int64()
	case bson.TypeInt32:
		return int64(v.Int32())
	case bson.TypeDouble:
		return v.Double()
	case bson.TypeBoolean:
		return v.Boolean()
	}
	return nil
}
