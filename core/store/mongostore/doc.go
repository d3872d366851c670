// Package mongostore is the MongoDB store driver, through the official Go
// driver (go.mongodb.org/mongo-driver/v2), for production and for several
// Warden processes sharing one database.
//
// Each store collection is a MongoDB collection of the same name. A
// document is stored as
//
//	{_id: id, _v: version, _k: {field: key, ...}, <the document's fields>}
//
// where the document's own fields are its JSON converted to BSON in order
// (field names MongoDB cannot hold are escaped, see convert.go) and _k
// holds the normalised index keys (store.Keys). Declared indexes are
// MongoDB indexes on _k fields, a non-unique one ending with _id so that
// pages ordered by (field, id) are read off it. The catalogue collection
// _collections keeps each collection's store.Spec.
//
// Version-checked writes are filtered updates on (_id, _v), atomic on
// MongoDB. Transactions need a replica set or a sharded cluster; on a
// standalone server, and on FerretDB, Tx fails with store.ErrTxUnsupported.
//
// It must not be imported by plugins; they use package store.
package mongostore
