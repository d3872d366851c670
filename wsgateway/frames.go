package wsgateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/warden-bot/warden/core"
)

// Frame types a client may send.
const (
	typeAuth        = "auth"
	typeSubscribe   = "subscribe"
	typeUnsubscribe = "unsubscribe"
	typePing        = "ping"
)

// frame is one decoded client frame.
type frame struct {
	Type     string
	Token    string
	GuildID  string
	Since    uint64
	Epoch    string
	HasSince bool
}

// frameFields lists, per type, the fields it must have (true) or may have
// (false) besides "type".
var frameFields = map[string]map[string]bool{
	typeAuth:        {"token": true},
	typeSubscribe:   {"guildId": true, "since": false, "epoch": false},
	typeUnsubscribe: {"guildId": true},
	typePing:        {},
}

// decodeFrame decodes a client text frame strictly: a JSON object with a
// known "type", exactly that type's fields, each of the right type. The
// error says what was wrong, in words a client developer can act on.
func decodeFrame(data []byte) (frame, error) {
	var f frame
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return f, fmt.Errorf("frame is not a JSON object: %s", jsonProblem(err))
	}
	if raw == nil {
		return f, fmt.Errorf("frame is not a JSON object: got null")
	}
	typ, ok := raw["type"]
	if !ok {
		return f, fmt.Errorf(`missing field "type"`)
	}
	if err := json.Unmarshal(typ, &f.Type); err != nil {
		return f, fmt.Errorf(`field "type" must be a string`)
	}
	allowed, ok := frameFields[f.Type]
	if !ok {
		return f, fmt.Errorf("unknown type %q (want auth, subscribe, unsubscribe or ping)", clip(f.Type))
	}
	for _, name := range sortedKeys(raw) {
		if _, known := allowed[name]; !known && name != "type" {
			return f, fmt.Errorf("unexpected field %q in a %s frame", clip(name), f.Type)
		}
	}
	for _, name := range sortedKeys(allowed) {
		if _, present := raw[name]; allowed[name] && !present {
			return f, fmt.Errorf("missing field %q in a %s frame", name, f.Type)
		}
	}
	if err := f.decodeFields(raw); err != nil {
		return f, err
	}
	return f, nil
}

func (f *frame) decodeFields(raw map[string]json.RawMessage) error {
	str := func(name string, dst *string) error {
		v, ok := raw[name]
		if !ok {
			return nil
		}
		if err := json.Unmarshal(v, dst); err != nil || bytes.Equal(v, []byte("null")) {
			return fmt.Errorf("field %q must be a string", name)
		}
		return nil
	}
	if err := str("token", &f.Token); err != nil {
		return err
	}
	if err := str("guildId", &f.GuildID); err != nil {
		return err
	}
	if err := str("epoch", &f.Epoch); err != nil {
		return err
	}
	if v, ok := raw["since"]; ok {
		if err := json.Unmarshal(v, &f.Since); err != nil || bytes.Equal(v, []byte("null")) {
			return fmt.Errorf(`field "since" must be a non-negative integer`)
		}
		f.HasSince = true
	}
	if _, hasEpoch := raw["epoch"]; hasEpoch != f.HasSince {
		return fmt.Errorf(`fields "since" and "epoch" go together: send both to resume, or neither`)
	}
	if f.Type == typeAuth && f.Token == "" {
		return fmt.Errorf(`field "token" must not be empty`)
	}
	if (f.Type == typeSubscribe || f.Type == typeUnsubscribe) && !core.ValidRoom(f.GuildID) {
		return fmt.Errorf(`field "guildId" must be a guild id (a Discord snowflake) or "global", got %q`, clip(f.GuildID))
	}
	return nil
}

func jsonProblem(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "json: ")
	if strings.Contains(msg, "cannot unmarshal") {
		return "the top level must be an object"
	}
	return clip(msg)
}

// clip bounds a client-supplied string echoed in an error message.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
