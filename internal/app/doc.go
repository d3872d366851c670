// Package app wires Warden together: it builds the core from a validated
// configuration, adds the components (the operations listener, and the
// Discord client, dashboard API and gateway as they exist), runs until the
// context ends, and stops everything within the shutdown bound.
//
// It holds wiring only; behaviour lives in core, the plugins and the
// adapters.
package app
