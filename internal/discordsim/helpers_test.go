package discordsim_test

import (
	"bytes"
	"encoding/json"
	"io"
)

type jsonBody struct{ b []byte }

func newJSONBody(v any) *jsonBody {
	b, _ := json.Marshal(v)
	return &jsonBody{b: b}
}

func (j *jsonBody) reader() io.Reader {
	if j == nil {
		return nil
	}
	return bytes.NewReader(j.b)
}

func unmarshal(raw json.RawMessage, v any) error { return json.Unmarshal(raw, v) }
