// Command bench is the gateway's load generator: it opens N real WebSocket
// clients against a running gateway, authenticates them with tokens signed
// by AUTH_SECRET, subscribes them to one guild room, and measures
// publish-to-receive latency from the publish time each event carries in
// its envelope's timestamp and in its payload.
//
// Events are published through the core's Broadcast in this process
// (-embedded, the default: a core and a gateway started here, so the
// measurement includes the whole fanout path) or by a peer instance over
// Redis (-redis, two in-process instances sharing one Redis: the publisher
// on one, every client on the other).
//
// It is a tool, not a test: it asserts nothing and prints figures.
package main
