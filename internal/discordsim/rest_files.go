package discordsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Messages with files come as multipart/form-data, as Discord takes them:
// the JSON body in the "payload_json" part and each file in "files[n]".
// The simulator keeps no file data, only each file's attachment object.

// maxAttachments is Discord's limit on files per message.
const maxAttachments = 10

// messageParts returns a message body's JSON and the attachment objects of
// its files (read by splitBody, as every other message body is); a JSON
// body passes through with none.
func messageParts(r *http.Request, body []byte) ([]byte, []any, *APIError) {
	payload, files, apiErr := splitBody(r, body)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	if len(files) > maxAttachments {
		return nil, nil, fieldError("files", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	var out []any
	for _, f := range files {
		out = append(out, map[string]any{"id": strconv.Itoa(f.Index), "filename": f.Name, "size": len(f.Data),
			"url": fmt.Sprintf("https://cdn.discordapp.com/attachments/sim/%d/%s", f.Index, f.Name)})
	}
	return payload, out, nil
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
