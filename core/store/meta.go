package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Meta is embedded in every stored document type. The store sets it: ID
// when a document is inserted without one, Version on every write (1 for
// a new document, one more on each replace).
type Meta struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
}

// StoreMeta makes every struct that embeds Meta a Document.
func (m *Meta) StoreMeta() *Meta { return m }

// Document is a pointer to a stored document type.
type Document interface {
	StoreMeta() *Meta
}

// NewID returns a new document id: 24 hex digits, the first 8 the creation
// time in seconds, so ids sort roughly by creation (like MongoDB's
// ObjectID, which it has the shape of).
func NewID() string {
	var b [12]byte
	binary.BigEndian.PutUint32(b[:4], uint32(time.Now().Unix()))
	_, _ = rand.Read(b[4:])
	return hex.EncodeToString(b[:])
}

// IsID reports whether s has the shape of an id NewID returns.
func IsID(s string) bool {
	if len(s) != 24 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
