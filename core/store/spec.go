package store

import (
	"regexp"
	"slices"
	"strings"
)

// Index is a declared index. Fields are JSON field paths of the document
// ("guildId", "trigger.kind"); a leading "-" marks a descending field, which
// matters only to MongoDB. Queries may run on an index in either direction.
type Index struct {
	// Name is unique within the collection, for example "guild_created".
	Name string `json:"name"`
	// Fields in order; every field must hold a string, number, boolean or
	// time (or be absent or null).
	Fields []string `json:"fields"`
	// Unique makes the index refuse a second document with the same values.
	Unique bool `json:"unique,omitempty"`
}

// Kind says how an index field's value is normalised into a key.
type Kind string

// The kinds of index fields.
const (
	// KindScalar is a string, number or boolean, compared as itself.
	KindScalar Kind = "scalar"
	// KindTime is an RFC 3339 time (a time.Time in Go), compared as Unix
	// nanoseconds; the zero time is stored as null.
	KindTime Kind = "time"
)

// Field is an index field of a collection and its kind.
type Field struct {
	Path string `json:"path"`
	Kind Kind   `json:"kind"`
}

// Spec is what a driver is told about a collection: its name, the fields
// its indexes use (each kept as a key beside the document) and the indexes.
// It is also written into backups, so a restore needs no plugin code.
type Spec struct {
	Name    string  `json:"name"`
	Fields  []Field `json:"fields"`
	Indexes []Index `json:"indexes"`
}

// Field returns the spec's field with the given path.
func (s *Spec) Field(path string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Path == path {
			return f, true
		}
	}
	return Field{}, false
}

// Index returns the spec's index with the given name.
func (s *Spec) Index(name string) (Index, bool) {
	for _, ix := range s.Indexes {
		if ix.Name == name {
			return ix, true
		}
	}
	return Index{}, false
}

var (
	collectionName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,99}$`)
	indexName      = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	fieldPath      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z][A-Za-z0-9_]{0,63}){0,3}$`)
)

// FieldName strips the direction mark of an index field.
func FieldName(f string) string { return strings.TrimPrefix(f, "-") }

// Validate checks names and shapes. Drivers may rely on every name in a
// validated spec being a plain identifier (no quotes, no spaces).
func (s *Spec) Validate() error {
	if !collectionName.MatchString(s.Name) {
		return invalidf("collection name %q: use a-z, 0-9, '-' and '_' (at most 100)", s.Name)
	}
	seen := map[string]bool{}
	for _, ix := range s.Indexes {
		if !indexName.MatchString(ix.Name) {
			return invalidf("%s: index name %q: use a-z, 0-9, '-' and '_'", s.Name, ix.Name)
		}
		if seen[ix.Name] {
			return invalidf("%s: index %q declared twice", s.Name, ix.Name)
		}
		seen[ix.Name] = true
		if len(ix.Fields) == 0 || len(ix.Fields) > 8 {
			return invalidf("%s: index %s: give 1 to 8 fields", s.Name, ix.Name)
		}
		names := map[string]bool{}
		for _, f := range ix.Fields {
			p := FieldName(f)
			if !fieldPath.MatchString(p) || p == "id" || p == "version" {
				return invalidf("%s: index %s: field %q: use a JSON field path other than id and version (the id is always indexed)", s.Name, ix.Name, f)
			}
			if names[p] {
				return invalidf("%s: index %s: field %q twice", s.Name, ix.Name, p)
			}
			names[p] = true
			if _, ok := s.Field(p); !ok {
				return invalidf("%s: index %s: field %q has no kind", s.Name, ix.Name, p)
			}
		}
	}
	for _, f := range s.Fields {
		if f.Kind != KindScalar && f.Kind != KindTime {
			return invalidf("%s: field %s: unknown kind %q", s.Name, f.Path, f.Kind)
		}
	}
	return nil
}

// indexFields returns the field paths of ix without direction marks.
func indexFields(ix Index) []string {
	out := make([]string, len(ix.Fields))
	for i, f := range ix.Fields {
		out[i] = FieldName(f)
	}
	return out
}

// usedFields lists every path the indexes name, in first-seen order.
func usedFields(indexes []Index) []string {
	var out []string
	for _, ix := range indexes {
		for _, f := range indexFields(ix) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}
