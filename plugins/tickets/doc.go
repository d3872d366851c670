// Package tickets is Warden's support tickets plugin: panels of buttons or
// a select menu posted from the dashboard, a private channel or thread per
// ticket with per-category questions, staff roles and naming, and the
// ticket's life in Discord and on the dashboard alike (claim, add and
// remove members, rename, close with a reason, reopen, delete, auto-close
// after an inactivity warning). Every message of a ticket channel is
// logged, so its transcript can be read on the dashboard, downloaded as
// self-contained HTML or as text, and is posted to a transcript channel
// at close.
//
// The service (service*.go) is the only code that writes and then
// broadcasts. It must never leave half a ticket: a ticket is inserted as
// "opening", its channel created, then marked "open"; on failure the
// record is removed, and the scheduler settles one interrupted between
// the steps. Discord is reached through core.DiscordActions only; this
// package never imports disgo.
package tickets
