package tickets

import "errors"

// Sentinel errors, wrapped with the guild or ticket they concern. Errors
// meant for a user are *core.Error values built where the problem is found.
var (
	// errStatusMoved stops an update whose ticket left the expected status
	// (another staff member or instance acted first).
	errStatusMoved = errors.New("tickets: ticket status changed")
	// errClaimed stops a claim of a ticket someone else holds.
	errClaimed = errors.New("tickets: ticket already claimed")
)
