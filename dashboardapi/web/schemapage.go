package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
)

// SchemaPage is the web folder of a plugin that declares its guild
// config's form (core.ConfigSchemer) but has no page of its own: a
// generated page.js that registers a settings page drawn from the schema
// alone (static/js/schemapage.js).
func SchemaPage(id, title string) fs.FS {
	args, err := json.Marshal(map[string]string{"id": id, "title": title})
	if err != nil {
		panic(fmt.Sprintf("web: encode schema page of %s: %v", id, err)) // two strings always encode.
	}
	src := fmt.Sprintf("// Generated: %s declares its settings and has no page of its own.\n"+
		"import { registerSchemaPage } from \"warden/schemapage.js\";\nregisterSchemaPage(%s);\n", id, args)
	return genFS{"page.js": []byte(src)}
}

// genFS is a folder of generated files.
type genFS map[string][]byte

func (g genFS) Open(name string) (fs.File, error) {
	data, ok := g[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(data), info: memInfo{name: path.Base(name), size: int64(len(data))}}, nil
}

var _ fs.FS = genFS(nil)
