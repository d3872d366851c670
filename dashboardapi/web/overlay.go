package web

import (
	"bytes"
	"io/fs"
	"time"
)

// overlayFS is base plus one generated file at name.
type overlayFS struct {
	base fs.FS
	name string
	data []byte
}

func (o *overlayFS) Open(name string) (fs.File, error) {
	if name == o.name {
		return &memFile{Reader: bytes.NewReader(o.data), info: memInfo{name: "index.json", size: int64(len(o.data))}}, nil
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
