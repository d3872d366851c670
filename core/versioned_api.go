package core

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/warden-bot/warden/core/store"
)

// Filter is a query parameter of a list route that selects on an index
// field: ?enabled=true is store.Where("enabled", true).
type Filter struct {
	// Param is the query parameter; Field the index field (Param when
	// empty).
	Param, Field string
	// Parse turns the parameter's text into the field's value, or returns
	// a BAD_REQUEST error; nil keeps the text.
	Parse func(string) (any, error)
}

// ParseBool is a Filter.Parse for true/false parameters.
func ParseBool(param string) func(string) (any, error) {
	return func(s string) (any, error) {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, BadRequest("%s: want true or false, got %q", param, s)
		}
		return b, nil
	}
}

// MaxPageSize caps the limit of a list route.
const MaxPageSize = 100

// Resource serves the REST routes of a versioned document type, In being
// the body its author writes. Each function field is one route; a nil one
// is not mounted. The functions are the plugin's service methods, so a
// write made over the API and one made from Discord run the same code.
//
// Routes under the path given to Mount (say "/rules"):
//
//	GET    /rules       List: ?<filters>&limit=&cursor=. Without limit and
//	                    cursor, every document (a guild's capped list) as an
//	                    array; with either, a page {"items","nextCursor"}.
//	POST   /rules       Create: the body is an In; 201 with the document.
//	GET    /rules/{id}  Get.
//	PUT    /rules/{id}  Update: an In plus "version", the version it was read
//	                    at; 200 with the document, 409 with "current" when
//	                    stale.
//	DELETE /rules/{id}  Delete: 204.
//
// Unknown query parameters and unknown or mistyped body fields are 400s
// naming them.
type Resource[T any, In any] struct {
	// Query starts the list's query for a guild, in the list's order
	// (store.Where("guildId", g).OrderBy("createdAt")); filters, limit and
	// cursor are added to it.
	Query func(guildID string) store.Query
	// Filters are the list's query parameters besides limit and cursor.
	Filters []Filter
	// List runs the query (and may add what the documents do not hold).
	List func(ctx context.Context, guildID string, q store.Query) (store.Page[T], error)
	// First is prepended to the first page of the list (built-in
	// documents); nil adds nothing.
	First  func() []T
	Get    func(ctx context.Context, guildID, id string) (*T, error)
	Create func(ctx context.Context, guildID string, in In, by string) (*T, error)
	Update func(ctx context.Context, guildID, id string, in In, version int64, by string) (*T, error)
	Delete func(ctx context.Context, guildID, id, by string) error
	// ValidID says whether a path id can name a document; nil accepts the
	// store's ids. Others are a 404 without a read.
	ValidID func(id string) bool
}

// Mount mounts the resource's routes at path under the plugin's routes.
func (res Resource[T, In]) Mount(r APIRouter, path string) {
	if res.List != nil {
		r.HandleFunc(http.MethodGet, path, res.list)
	}
	if res.Create != nil {
		r.HandleFunc(http.MethodPost, path, res.create)
	}
	if res.Get != nil {
		r.HandleFunc(http.MethodGet, path+"/{id}", res.get)
	}
	if res.Update != nil {
		r.HandleFunc(http.MethodPut, path+"/{id}", res.update)
	}
	if res.Delete != nil {
		r.HandleFunc(http.MethodDelete, path+"/{id}", res.remove)
	}
}

// Request is what a plugin handler needs of an API request: the route's
// guild and the caller, with the query parameters checked against the
// route's list (any other is a 400). ok is false when the answer has been
// written.
func Request(w http.ResponseWriter, r *http.Request, query ...string) (guildID, userID string, ok bool) {
	if err := StrictQuery(r, query...); err != nil {
		WriteError(w, err)
		return "", "", false
	}
	caller, _ := CallerFrom(r.Context())
	return r.PathValue("guildId"), caller.UserID, true
}

// Reply writes v with status, or err in the contract's error shape. A nil
// v writes the status alone (204).
func Reply(w http.ResponseWriter, status int, v any, err error) {
	switch {
	case err != nil:
		WriteError(w, err)
	case v == nil:
		w.WriteHeader(status)
	default:
		WriteJSON(w, status, v)
	}
}

// docRequest is Request for the routes with an {id}.
func (res Resource[T, In]) docRequest(w http.ResponseWriter, r *http.Request) (guildID, userID, id string, ok bool) {
	guildID, userID, ok = Request(w, r)
	if !ok {
		return "", "", "", false
	}
	id = r.PathValue("id")
	valid := res.ValidID
	if valid == nil {
		valid = store.IsID
	}
	if !valid(id) {
		WriteError(w, Errorf(CodeNotFound, "%q is not an id this API returned", id))
		return "", "", "", false
	}
	return guildID, userID, id, true
}

func (res Resource[T, In]) list(w http.ResponseWriter, r *http.Request) {
	params := []string{"limit", "cursor"}
	for _, f := range res.Filters {
		params = append(params, f.Param)
	}
	guildID, _, ok := Request(w, r, params...)
	if !ok {
		return
	}
	qv := r.URL.Query()
	q := res.Query(guildID)
	for _, f := range res.Filters {
		s, given := qv[f.Param]
		if !given {
			continue
		}
		var v any = s[0]
		if f.Parse != nil {
			var err error
			if v, err = f.Parse(s[0]); err != nil {
				WriteError(w, err)
				return
			}
		}
		field := f.Field
		if field == "" {
			field = f.Param
		}
		q = q.Where(field, v)
	}
	paged := qv.Has("limit") || qv.Has("cursor")
	if paged {
		limit := 25
		if s := qv.Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > MaxPageSize {
				WriteError(w, BadRequest("limit: want a whole number from 1 to %d, got %q", MaxPageSize, s))
				return
			}
			limit = n
		}
		q = q.Limit(limit)
		if c := qv.Get("cursor"); c != "" {
			q = q.After(c)
		}
	}
	page, err := res.List(r.Context(), guildID, q)
	if err != nil {
		WriteError(w, err)
		return
	}
	if res.First != nil && qv.Get("cursor") == "" {
		page.Items = append(res.First(), page.Items...)
	}
	if paged {
		WriteJSON(w, http.StatusOK, page)
		return
	}
	WriteJSON(w, http.StatusOK, page.Items)
}

func (res Resource[T, In]) get(w http.ResponseWriter, r *http.Request) {
	if guildID, _, id, ok := res.docRequest(w, r); ok {
		doc, err := res.Get(r.Context(), guildID, id)
		Reply(w, http.StatusOK, doc, err)
	}
}

func (res Resource[T, In]) create(w http.ResponseWriter, r *http.Request) {
	guildID, userID, ok := Request(w, r)
	if !ok {
		return
	}
	var in In
	if err := ReadJSON(r, &in); err != nil {
		WriteError(w, err)
		return
	}
	doc, err := res.Create(r.Context(), guildID, in, userID)
	Reply(w, http.StatusCreated, doc, err)
}

func (res Resource[T, In]) update(w http.ResponseWriter, r *http.Request) {
	guildID, userID, id, ok := res.docRequest(w, r)
	if !ok {
		return
	}
	in, version, err := readVersioned[In](r)
	if err != nil {
		WriteError(w, err)
		return
	}
	doc, err := res.Update(r.Context(), guildID, id, in, version, userID)
	Reply(w, http.StatusOK, doc, err)
}

func (res Resource[T, In]) remove(w http.ResponseWriter, r *http.Request) {
	if guildID, userID, id, ok := res.docRequest(w, r); ok {
		Reply(w, http.StatusNoContent, nil, res.Delete(r.Context(), guildID, id, userID))
	}
}

// readVersioned reads a PUT body: an In and the "version" it was read at,
// which must be 1 or more. Every other field is decoded strictly into In.
func readVersioned[In any](r *http.Request) (In, int64, error) {
	var in In
	body, err := ReadBody(r)
	if err != nil {
		return in, 0, err
	}
	var fields map[string]json.RawMessage
	if err := DecodeJSONStrict(body, &fields); err != nil {
		return in, 0, err
	}
	raw, given := fields["version"]
	delete(fields, "version")
	var version int64
	if given {
		if err := DecodeJSONStrict(raw, &version); err != nil {
			return in, 0, BadRequest("field \"version\": expected a whole number")
		}
	}
	if version < 1 {
		return in, 0, BadRequest("version: give the version the document was read at")
	}
	rest, err := json.Marshal(fields)
	if err != nil {
		return in, 0, BadRequest("malformed JSON: %v", err)
	}
	return in, version, DecodeJSONStrict(rest, &in)
}
