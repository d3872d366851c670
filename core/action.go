package core

import (
	"context"
	"net/http"
	"strconv"
)

// PathNumber reads the path value name as the positive number of one of
// a guild's things: a case, a conversation, a ticket. Anything else is a
// NOT_FOUND error (`"x" is not a <what> number`), since no such thing can
// exist.
func PathNumber(r *http.Request, name, what string) (int64, error) {
	v := r.PathValue(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, Errorf(CodeNotFound, "%q is not a %s number", v, what)
	}
	return n, nil
}

// NoBody is the body type of a route that takes none: Body does not read
// the request's body for it.
type NoBody struct{}

// Body decodes the request's JSON body strictly into an In (ReadJSON). For
// NoBody it reads nothing.
func Body[In any](r *http.Request) (In, error) {
	var in In
	if _, none := any(in).(NoBody); none {
		return in, nil
	}
	err := ReadJSON(r, &in)
	return in, err
}

// Numbered serves a route on one of a guild's numbered things (the path's
// {number}, a `what` number): it reads the guild and the caller (Request,
// no query parameters), the number, then the JSON body (Body), calls call
// with them and answers with status and call's result (Reply). A 204
// status answers with no body. A plugin mounts a route in one line:
//
//	r.HandleFunc(http.MethodPost, "/conversations/{number}/reply",
//		core.Numbered("conversation", http.StatusCreated, svc.Reply))
func Numbered[In, Out any](what string, status int, call func(ctx context.Context, guildID string, number int64, by string, in In) (Out, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		guildID, userID, ok := Request(w, r)
		if !ok {
			return
		}
		n, err := PathNumber(r, "number", what)
		if err != nil {
			WriteError(w, err)
			return
		}
		in, err := Body[In](r)
		if err != nil {
			WriteError(w, err)
			return
		}
		out, err := call(r.Context(), guildID, n, userID, in)
		if status == http.StatusNoContent {
			Reply(w, status, nil, err)
			return
		}
		Reply(w, status, out, err)
	}
}

// Bodiless adapts a service call on a numbered thing that takes no body
// to Numbered's shape.
func Bodiless[Out any](call func(ctx context.Context, guildID string, number int64, by string) (Out, error)) func(ctx context.Context, guildID string, number int64, by string, _ NoBody) (Out, error) {
	return func(ctx context.Context, guildID string, number int64, by string, _ NoBody) (Out, error) {
		return call(ctx, guildID, number, by)
	}
}

// Action serves a route on a guild as a whole (no {number}) the way
// Numbered does: the guild, the caller and the JSON body go to call, and
// its result is the answer with status.
func Action[In, Out any](status int, call func(ctx context.Context, guildID, by string, in In) (Out, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		guildID, userID, ok := Request(w, r)
		if !ok {
			return
		}
		in, err := Body[In](r)
		if err != nil {
			WriteError(w, err)
			return
		}
		out, err := call(r.Context(), guildID, userID, in)
		if status == http.StatusNoContent {
			Reply(w, status, nil, err)
			return
		}
		Reply(w, status, out, err)
	}
}
