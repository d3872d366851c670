package modmail

import "errors"

// Sentinel errors, wrapped with the guild or conversation they concern.
var (
	// errStatusMoved stops a conditional update whose conversation left
	// the expected state (another process or staff member got there
	// first).
	errStatusMoved = errors.New("modmail: conversation changed meanwhile")
	// errNoConversation means a channel is not a conversation's.
	errNoConversation = errors.New("modmail: no conversation here")
)
