package core_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

// noteIn is the body of the test routes.
type noteIn struct {
	Text string `json:"text"`
}

// called is what a test route's service call was given.
type called struct {
	Guild  string `json:"guild"`
	Number int64  `json:"number"`
	By     string `json:"by"`
	Text   string `json:"text"`
}

// serveAction mounts h at pattern and sends one request as user 42.
func serveAction(t *testing.T, pattern string, h http.HandlerFunc, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(pattern, h)
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req = req.WithContext(core.WithCaller(req.Context(), core.Caller{UserID: "42"}))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("not an error body: %q", rec.Body.String())
	}
	return e.Error.Code
}

func TestNumberedPassesGuildNumberCallerAndBody(t *testing.T) {
	var calls int
	h := core.Numbered("thing", http.StatusCreated, func(_ context.Context, g string, n int64, by string, in noteIn) (*called, error) {
		calls++
		return &called{Guild: g, Number: n, By: by, Text: in.Text}, nil
	})
	const pattern = "POST /g/{guildId}/things/{number}/notes"

	rec := serveAction(t, pattern, h, http.MethodPost, "/g/7/things/12/notes", `{"text":"hi"}`)
	var got called
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusCreated {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
	if want := (called{Guild: "7", Number: 12, By: "42", Text: "hi"}); got != want {
		t.Fatalf("call got %+v, want %+v", got, want)
	}

	for _, c := range []struct {
		name, target, body, code string
		status                   int
	}{
		{"not a number, bad body too", "/g/7/things/abc/notes", `{`, "NOT_FOUND", http.StatusNotFound},
		{"zero", "/g/7/things/0/notes", `{"text":"hi"}`, "NOT_FOUND", http.StatusNotFound},
		{"unknown field", "/g/7/things/3/notes", `{"txt":"hi"}`, "BAD_REQUEST", http.StatusBadRequest},
		{"empty body", "/g/7/things/3/notes", ``, "BAD_REQUEST", http.StatusBadRequest},
		{"query parameter", "/g/7/things/3/notes?x=1", `{"text":"hi"}`, "BAD_REQUEST", http.StatusBadRequest},
	} {
		rec := serveAction(t, pattern, h, http.MethodPost, c.target, c.body)
		if rec.Code != c.status || errorCode(t, rec) != c.code {
			t.Errorf("%s: status %d body %q, want %d %s", c.name, rec.Code, rec.Body.String(), c.status, c.code)
		}
	}
	if calls != 1 {
		t.Fatalf("the service was called %d times, want once", calls)
	}
}

func TestNumberedWithoutBodyAndNoContent(t *testing.T) {
	claim := core.Numbered("thing", http.StatusOK, core.Bodiless(func(_ context.Context, g string, n int64, by string) (*called, error) {
		return &called{Guild: g, Number: n, By: by}, nil
	}))
	// A route without a body ignores what is sent.
	rec := serveAction(t, "POST /g/{guildId}/things/{number}/claim", claim, http.MethodPost, "/g/7/things/5/claim", "not json")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"number":5`) {
		t.Fatalf("claim: status %d body %q", rec.Code, rec.Body.String())
	}

	del := core.Numbered("thing", http.StatusNoContent, core.Bodiless(func(context.Context, string, int64, string) (*called, error) {
		return &called{}, nil
	}))
	rec = serveAction(t, "DELETE /g/{guildId}/things/{number}", del, http.MethodDelete, "/g/7/things/5", "")
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Fatalf("delete: status %d body %q, want 204 and no body", rec.Code, rec.Body.String())
	}

	failing := core.Numbered("thing", http.StatusOK, core.Bodiless(func(context.Context, string, int64, string) (*called, error) {
		return nil, core.Errorf(core.CodeConflict, "already claimed")
	}))
	rec = serveAction(t, "POST /g/{guildId}/things/{number}/claim", failing, http.MethodPost, "/g/7/things/5/claim", "")
	if rec.Code != http.StatusConflict || errorCode(t, rec) != "CONFLICT" {
		t.Fatalf("failing claim: status %d body %q", rec.Code, rec.Body.String())
	}
}

func TestActionOnAGuild(t *testing.T) {
	h := core.Action(http.StatusCreated, func(_ context.Context, g, by string, in noteIn) (*called, error) {
		return &called{Guild: g, By: by, Text: in.Text}, nil
	})
	rec := serveAction(t, "POST /g/{guildId}/blocks", h, http.MethodPost, "/g/9/blocks", `{"text":"spam"}`)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"guild":"9","number":0,"by":"42","text":"spam"`) {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
	rec = serveAction(t, "POST /g/{guildId}/blocks", h, http.MethodPost, "/g/9/blocks", `[]`)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("a wrong body: status %d, want 400", rec.Code)
	}
}
