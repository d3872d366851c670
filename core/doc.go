// Package core is Warden's kernel: the plugin registry and lifecycle, the
// plugin context, the event envelope and Broadcast, the Broker interface and
// its in-process implementation, versioned guild configuration, tokens,
// configuration loading and storage wiring.
//
// It must not know about any one plugin, and it must not import the edge
// adapters (wsgateway, dashboardapi): they depend on core, never the other way
// round. Components such as the gateway are handed to a Core through
// AddComponent and are started and stopped with it.
package core
