// Package multi tests Warden as it runs in production with several
// instances: three warden processes (the built binary, demo mode's
// simulated Discord, which is the same world on every instance) over one
// shared store and one redis-server, behind Debian's nginx with the
// configuration shipped in configs/nginx/, routing the dashboard and the
// gateway to every instance without stickiness. Its tests show that a
// session works through every instance, that a gateway client of an
// instance killed with SIGKILL reconnects through the proxy to another and
// resumes with no event lost, and how REST rate limits behave across
// instances (per instance, as docs/scaling.md says).
//
// The shared store is FerretDB over MONGODB_URI, run as its own process
// (internal/ferrettest/ferretd, built without the race detector beside
// the warden binary): MongoDB is not installed here, and the embedded
// SQLite store belongs to one process (it refuses a second on one
// DATA_DIR). FerretDB's known weaknesses (no transactions, version checks
// that are not atomic under concurrent writers) do not touch what this
// test shows: its writes are sequential. The package holds only tests.
package multi
