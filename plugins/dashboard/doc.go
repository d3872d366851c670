// Package dashboard is the dashboard's own core plugin: each guild's
// dashboard settings (a versioned config document), the dashboard grants
// that let users or roles in (optionally limited to some plugins), and the
// audit log of every change made through the dashboard API.
//
// It broadcasts the core's dashboard events (declared by the core, not
// here) and implements core.GrantStore and core.AuditLog for the API and
// the access checker. It must not check access itself beyond the rule that
// only guild managers may manage grants: the API checks access before its
// handlers run.
package dashboard
