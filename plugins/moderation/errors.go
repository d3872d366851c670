package moderation

import "errors"

// Sentinel errors, wrapped with the guild or case they concern. Errors meant
// for a user are *core.Error values built where the problem is found.
var (
	// ErrNoDiscord means an action needs Discord and no Discord connection
	// has been attached to the service.
	ErrNoDiscord = errors.New("moderation: Discord is not connected")
	// ErrNumberTaken means another case took the number first; the insert
	// is retried with the next one.
	ErrNumberTaken = errors.New("moderation: case number taken")
)
