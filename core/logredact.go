package core

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
)

// Redacted replaces a secret in a log line.
const Redacted = "[REDACTED]"

// secretPatterns find secrets by shape: the places where Discord's REST
// bodies and URLs, OAuth2 forms and Warden's own tokens carry them. Each
// keeps what says where the secret was and masks the secret itself.
var secretPatterns = []struct {
	re   *regexp.Regexp
	repl string
}{
	// JSON fields: OAuth2 token responses, Identify, INTERACTION_CREATE.
	{regexp.MustCompile(`("(?:access_token|refresh_token|client_secret|token|code|password|secret|auth_secret)"\s*:\s*)"(?:[^"\\]|\\.)*"`), `$1"` + Redacted + `"`},
	// Form and query parameters: the OAuth2 token exchange and callbacks.
	{regexp.MustCompile(`((?:^|[?&\s"])(?:access_token|refresh_token|client_secret|token|code|password)=)[^&\s"]*`), `${1}` + Redacted},
	// Token-bearing URL paths: interaction callbacks and webhooks.
	{regexp.MustCompile(`(/(?:interactions|webhooks)/[0-9]+/)[^/?#\s"]+`), `${1}` + Redacted},
	// Authorization header values.
	{regexp.MustCompile(`((?:Bot|Bearer|Basic) )[A-Za-z0-9._~+/=-]{8,}`), `${1}` + Redacted},
	// JWTs (sessions and gateway tokens).
	{regexp.MustCompile(`eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`), Redacted},
}

// secretHints are substrings one of which a string must contain before the
// patterns are tried, so that ordinary log lines cost a few scans only.
var secretHints = []string{"token", "secret", "code", "password", "/interactions/", "/webhooks/", "Bot ", "Bearer ", "Basic ", "eyJ"}

// Redactor masks secrets in log values: known secret values wherever they
// appear, and anything shaped like a secret (see secretPatterns).
type Redactor struct {
	literals []string
}

// NewRedactor returns a Redactor that also masks the given secret values;
// empty and very short ones (under 8 bytes) are ignored, since masking them
// would mangle ordinary text.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		if len(s) >= 8 {
			r.literals = append(r.literals, s)
		}
	}
	return r
}

// String returns s with its secrets masked.
func (r *Redactor) String(s string) string {
	for _, lit := range r.literals {
		if strings.Contains(s, lit) {
			s = strings.ReplaceAll(s, lit, Redacted)
		}
	}
	hinted := false
	for _, h := range secretHints {
		if strings.Contains(s, h) {
			hinted = true
			break
		}
	}
	if !hinted {
		return s
	}
	for _, p := range secretPatterns {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// attr masks one attribute, recursing into groups. Errors and Stringers
// are rendered and masked when their text holds a secret (a failed
// request's error names its URL); other values pass unchanged.
func (r *Redactor) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.String(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]slog.Attr, len(attrs))
		for i, ga := range attrs {
			out[i] = r.attr(ga)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		var text string
		switch x := v.Any().(type) {
		case error:
			text = x.Error()
		case fmt.Stringer:
			text = x.String()
		case []byte:
			text = string(x)
		default:
			return slog.Attr{Key: a.Key, Value: v}
		}
		if masked := r.String(text); masked != text {
			return slog.String(a.Key, masked)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// RedactHandler wraps h so that every record's message and attributes are
// masked by r before h sees them. Warden wraps its root logger with it, so
// libraries handed a child logger (disgo's REST client logs request and
// response bodies and URLs at debug level) cannot leak secrets either.
func RedactHandler(h slog.Handler, r *Redactor) slog.Handler {
	if rh, ok := h.(*redactHandler); ok { // never wrap twice: merge
		merged := &Redactor{literals: append(slices.Clone(rh.r.literals), r.literals...)}
		return &redactHandler{next: rh.next, r: merged}
	}
	return &redactHandler{next: h, r: r}
}

type redactHandler struct {
	next slog.Handler
	r    *Redactor
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.String(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.r.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		masked[i] = h.r.attr(a)
	}
	return &redactHandler{next: h.next.WithAttrs(masked), r: h.r}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{next: h.next.WithGroup(name), r: h.r}
}

var _ slog.Handler = (*redactHandler)(nil)
