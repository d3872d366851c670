package discordsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// Messages with files come as multipart/form-data, as Discord takes them:
// the JSON body in the "payload_json" part and each file in "files[n]".
// The simulator keeps no file data, only each file's attachment object.

// maxAttachments is Discord's limit on files per message.
const maxAttachments = 10

// messageParts returns a message body's JSON and the attachment objects of
// its files; a JSON body passes through with none.
func messageParts(r *http.Request, body []byte) ([]byte, []any, *APIError) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return body, nil, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var payload []byte
	var files []any
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errBadBody
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, errBadBody
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files["):
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "files["), "]"))
			files = append(files, map[string]any{"id": strconv.Itoa(n), "filename": p.FileName(), "size": len(data),
				"url": fmt.Sprintf("https://cdn.discordapp.com/attachments/sim/%d/%s", n, p.FileName())})
		}
	}
	if len(files) > maxAttachments {
		return nil, nil, fieldError("files", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	return payload, files, nil
}

// describeAttachments adds the payload's descriptions to the files'
// attachment objects, matched by id.
func describeAttachments(payload []byte, files []any) {
	var in struct {
		Attachments []struct {
			ID          json.Number `json:"id"`
			Description string      `json:"description"`
		} `json:"attachments"`
	}
	if json.Unmarshal(payload, &in) != nil {
		return
	}
	for _, a := range in.Attachments {
		for _, f := range files {
			if m := f.(map[string]any); m["id"] == a.ID.String() && a.Description != "" {
				m["description"] = a.Description
			}
		}
	}
}
