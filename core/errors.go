package core

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/warden-bot/warden/core/store"
)

// Sentinel errors. Callers wrap them with the plugin or guild they concern.
var (
	// ErrVersionConflict means a versioned document was written with a
	// version other than the one stored.
	// It is the store's own sentinel, so store conflicts match it.
	ErrVersionConflict = store.ErrConflict
	// ErrNotFound means the requested document does not exist.
	ErrNotFound = store.ErrNotFound
	// ErrUndeclaredEvent means a plugin broadcast an event it did not declare.
	ErrUndeclaredEvent = errors.New("undeclared event")
	// ErrBadEventName means an event name does not match <plugin>:<action>.
	ErrBadEventName = errors.New("malformed event name")
	// ErrStoreUnavailable means the document store cannot be reached.
	ErrStoreUnavailable = store.ErrUnavailable
	// ErrHistoryGone means the requested resume position is no longer held.
	ErrHistoryGone = errors.New("history no longer held")
	// ErrClosed means the component has been stopped.
	ErrClosed = errors.New("closed")
)

// Code is a machine-readable error code that reaches users, as the contract
// lists them.
type Code string

// The error codes of the contract (WebSocket section 3 and REST section 6).
const (
	CodeBadRequest           Code = "BAD_REQUEST"
	CodeNotAuthenticated     Code = "NOT_AUTHENTICATED"
	CodeUnauthorized         Code = "UNAUTHORIZED"
	CodeForbidden            Code = "FORBIDDEN"
	CodeRateLimited          Code = "RATE_LIMITED"
	CodeTooManySubscriptions Code = "TOO_MANY_SUBSCRIPTIONS"
	CodeNotFound             Code = "NOT_FOUND"
	CodeConflict             Code = "CONFLICT"
	CodePayloadTooLarge      Code = "PAYLOAD_TOO_LARGE"
	CodeUnavailable          Code = "UNAVAILABLE"
	CodeDiscord              Code = "DISCORD_ERROR"
	CodeInternal             Code = "INTERNAL"
)

// Status returns the HTTP status that fits the code.
func (c Code) Status() int {
	switch c {
	case CodeBadRequest:
		return http.StatusBadRequest
	case CodeNotAuthenticated, CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeRateLimited, CodeTooManySubscriptions:
		return http.StatusTooManyRequests
	case CodeNotFound:
		return http.StatusNotFound
	case CodeConflict:
		return http.StatusConflict
	case CodePayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	case CodeDiscord:
		return http.StatusBadGateway
	default:
		return http.StatusInternalServerError
	}
}

// Error is an error meant for a user: a code from the contract and a message
// that says what was wrong. Err, when set, is the cause kept for logs.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	Err     error  `json:"-"`
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a user-facing error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadRequest returns a BAD_REQUEST error with a formatted message.
func BadRequest(format string, args ...any) *Error {
	return Errorf(CodeBadRequest, format, args...)
}

// AsUserError finds the user-facing error in err's chain. Errors that carry no
// user-facing meaning become INTERNAL, except the sentinels that have one.
func AsUserError(err error) *Error {
	var ue *Error
	if errors.As(err, &ue) {
		return ue
	}
	switch {
	case errors.Is(err, ErrVersionConflict):
		return &Error{Code: CodeConflict, Message: "the document was changed by someone else; reload and try again", Err: err}
	case errors.Is(err, ErrNotFound):
		return &Error{Code: CodeNotFound, Message: "not found", Err: err}
	case errors.Is(err, store.ErrBadCursor):
		return &Error{Code: CodeBadRequest, Message: "cursor: not a cursor this API returned; use nextCursor of the previous page", Err: err}
	case errors.Is(err, store.ErrDuplicate):
		return &Error{Code: CodeConflict, Message: "that already exists", Err: err}
	case errors.Is(err, ErrStoreUnavailable):
		return &Error{Code: CodeUnavailable, Message: "the database is unavailable; try again shortly", Err: err}
	}
	return &Error{Code: CodeInternal, Message: "internal error", Err: err}
}
