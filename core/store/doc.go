// Package store is the one storage API Warden's core and plugins use.
//
// A plugin declares typed collections with their indexes
// (Declare[T](ctx, db, name, indexes...)) and reads and writes documents of
// its own Go types through them: get by id, insert, version-checked replace,
// read-modify-write updates and upserts, deletes, queries on an index
// prefix plus one range with cursor pagination, counts, gap-free numbering
// and transactions. Documents are stored as their JSON encoding; the fields
// that indexes name are also kept as index keys beside it, normalised so
// that every driver compares them the same way (times as Unix nanoseconds).
//
// A query that no declared index serves is refused with an error that
// names the index to declare, so no plugin ships a collection scan.
//
// Drivers implement Driver: sqlitestore (the embedded default) and
// mongostore (MongoDB through the official driver). This package must not
// import either, nor any database driver; the conformance suite in
// storetest runs against both.
package store
