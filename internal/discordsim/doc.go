// Package discordsim is a simulated Discord that speaks enough of Discord's
// real protocol (gateway v10, REST v10 and OAuth2) for an unmodified disgo
// client to connect to it, so that tests and `warden --demo` run the real
// Discord code path with no account and no network.
//
// Its world is deterministic: the same guild, channel, role and user ids on
// every run and every instance, derived from fixed seeds. Every REST call is
// recorded for assertions, and a scenario API lets a test make users act
// (send messages and DMs, invoke slash commands, join and leave) and make
// the connection misbehave (drop, latency, errors).
//
// It must not be used to talk to the real Discord, must not persist
// anything, and listens on loopback only.
package discordsim
