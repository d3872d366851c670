// Package modmail lets members reach a server's staff by direct message.
//
// A DM to the bot opens a conversation: a staff channel (or a private
// thread) in a configured category, headed by the member's card. Staff
// answer with /reply, /areply (anonymous) and /note (never sent), or from
// the dashboard, whose conversation view streams live. Conversations are
// claimed, prioritised, moved between departments and closed (now, later,
// silently, after inactivity, or when the member leaves); every message and
// staff action is kept and searchable.
//
// The service (service*.go) is the only code that writes and then
// broadcasts. Discord is reached through the small Discord interface in
// relay.go, implemented in discord_relay.go; only discord*.go import
// Discord-facing types. The package must not import another plugin: what
// other plugins know about a member comes through core.MemberNoter.
package modmail
