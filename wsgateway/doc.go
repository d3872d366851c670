// Package wsgateway is Warden's live-update gateway: the WebSocket listener
// that speaks protocol v1 (contract section 3) to dashboards. It
// authenticates connections with the core's JWTs, checks access with the
// core's AccessChecker on every subscribe, and fans out the events the
// core's Broker delivers to the members of each guild room, in order, with
// resume and resync.
//
// It is an adapter at the edge: it depends on core and never the other way
// round. It must not block the broker's handler (it only enqueues), must not
// let one slow client hold back a broadcast, and must never trust a client
// frame: every input is bounded and decoded strictly.
package wsgateway
