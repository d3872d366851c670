package web

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"time"
)

// overlayFS is base plus generated files by path, plus folders mounted
// at dirsAt/<name>/ (the plugins' web files).
type overlayFS struct {
	base   fs.FS
	files  map[string][]byte
	dirs   map[string]fs.FS
	dirsAt string
}

func (o *overlayFS) Open(name string) (fs.File, error) {
	if data, ok := o.files[name]; ok {
		return &memFile{Reader: bytes.NewReader(data), info: memInfo{name: path.Base(name), size: int64(len(data))}}, nil
	}
	if rest, ok := strings.CutPrefix(name, o.dirsAt+"/"); ok {
		id, file, _ := strings.Cut(rest, "/")
		if dir, ok := o.dirs[id]; ok && file != "" {
			return dir.Open(file)
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.base.Open(name)
}

// memFile is an in-memory read-only file; http.FileServer needs Seek.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

var (
	_ fs.FS   = (*overlayFS)(nil)
	_ fs.File = (*memFile)(nil)
)
