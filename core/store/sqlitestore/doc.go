// Package sqlitestore is the embedded store driver: SQLite through
// modernc.org/sqlite (pure Go, no cgo) in one file under DATA_DIR.
//
// Each collection is a table (id, version, the document's JSON, and one
// column per index field); declared indexes are real SQLite indexes on
// those columns, so every query runs on an index. The database runs in WAL
// mode: readers use a pool of connections beside one writer connection,
// which serialises writes in the process without SQLITE_BUSY. A lock file
// keeps a second process off the same DATA_DIR.
//
// It must not be imported by plugins; they use package store.
package sqlitestore
