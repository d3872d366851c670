// Command bench is the gateway's load generator. It starts the server as a
// child process of its own (bench server: a core with the embedded store and
// its gateway, or two of them over Redis with -redis), opens N real
// WebSocket clients against it, authenticates them with tokens signed by
// the server's AUTH_SECRET, subscribes them to -rooms guild rooms, and
// measures:
//
//   - server memory per connection (the server process's RSS delta / N,
//     after a GC and before it), with the clients in another process;
//   - publish-to-receive latency from the publish time each event carries
//     in its payload (sentNs), loss, and gaps or reordering by seq;
//   - with -redis, the same with the publisher on one instance and every
//     client on the other (the Redis hop);
//   - with -floor, what the machine does with plain TCP and no Warden.
//
// Events are published through core.Broadcast, as plugins do. The server
// serves pprof on its control address. It is a tool, not a test: it
// asserts nothing and prints figures (docs/benchmarks.md).
package main
