// Package wsgateway is Warden's live-update gateway: the WebSocket listener
// that speaks protocol v1 (contract section 3) to dashboards. It
// authenticates connections with the core's JWTs, checks access with the
// core's AccessChecker on every subscribe, and fans out the events the
// core's Broker delivers to the members of each guild room, in order, with
// resume and resync.
//
// Writing: an event's frame is built once (frame.go) and queued on each
// member's byte-bounded queue; flushers, one per CPU, write a connection's
// queued frames with one non-blocking writev (flush.go), and only a socket
// that is full gets a writer goroutine of its own, with a deadline
// (writer.go). Gorilla reads and parses client frames; its ping and close
// answers go through the queue, so the socket has one writer at a time.
//
// The same port serves an SSE fallback at /sse for networks that refuse
// WebSocket upgrades (sse*.go): a stream is a room member like a
// connection (the subscriber interface), shares its queue, limits and
// access checks, and is written by its request's goroutine.
//
// It is an adapter at the edge: it depends on core and never the other way
// round. It must not block the broker's handler (it only enqueues), must not
// let one slow client hold back a broadcast, and must never trust a client
// frame: every input is bounded and decoded strictly.
package wsgateway
