// Package storetest is the conformance suite every store driver passes:
// Run(t, open, caps) exercises the whole store API against a driver. The
// SQLite driver runs it in every test run; the MongoDB driver runs it
// against a MongoDB-wire server.
package storetest
