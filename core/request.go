package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
)

// MaxRequestBody is the largest request body the dashboard API reads.
const MaxRequestBody = 64 << 10

// Caller is who is calling the dashboard API. The API puts it in every
// authenticated request's context; plugin handlers read it with CallerFrom.
type Caller struct {
	// UserID is the Discord user id of the caller.
	UserID string
	// Access is the caller's access to the route's guild; it is the zero
	// value outside guild routes.
	Access Access
}

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller of the request whose context is ctx.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// ReadBody reads a request body of at most MaxRequestBody bytes. A larger
// body is a PAYLOAD_TOO_LARGE error.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxRequestBody {
		return nil, tooLarge()
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooLarge()
	case err != nil:
		return nil, BadRequest("could not read the request body: %v", err)
	case len(body) > MaxRequestBody:
		return nil, tooLarge()
	}
	return body, nil
}

func tooLarge() error {
	return Errorf(CodePayloadTooLarge, "the request body is larger than %d KiB", MaxRequestBody>>10)
}

// ReadJSON reads the request body and decodes it strictly into v (see
// DecodeJSONStrict).
func ReadJSON(r *http.Request, v any) error {
	body, err := ReadBody(r)
	if err != nil {
		return err
	}
	return DecodeJSONStrict(body, v)
}

// StrictQuery refuses query parameters other than allowed, and repeated
// ones, with a BAD_REQUEST error that names them. Plugin handlers that take
// query parameters call it first; the API checks routes with none.
func StrictQuery(r *http.Request, allowed ...string) error {
	var unknown, repeated []string
	for k, vs := range r.URL.Query() {
		known := false
		for _, a := range allowed {
			if k == a {
				known = true
				break
			}
		}
		switch {
		case !known:
			unknown = append(unknown, fmt.Sprintf("%q", k))
		case len(vs) > 1:
			repeated = append(repeated, fmt.Sprintf("%q", k))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return BadRequest("unknown query parameter %s", strings.Join(unknown, ", "))
	}
	if len(repeated) > 0 {
		sort.Strings(repeated)
		return BadRequest("query parameter %s given more than once", strings.Join(repeated, ", "))
	}
	return nil
}
