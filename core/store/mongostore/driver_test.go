package mongostore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core/store"
	"github.com/warden-bot/warden/internal/ferrettest"
)

type errString string

func (e errString) Error() string { return string(e) }

var caseSpec = store.Spec{
	Name:    "cases",
	Fields:  []store.Field{{Path: "guildId", Kind: store.KindScalar}, {Path: "number", Kind: store.KindScalar}},
	Indexes: []store.Index{{Name: "guild_number", Fields: []string{"guildId", "number"}, Unique: true}},
}

// testLogger sends the driver's log lines to the test's log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, nil))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestOpenUnreachable(t *testing.T) {
	_, err := Open(ctxT(t), Options{URI: "mongodb://127.0.0.1:1/", Logger: testLogger(t), ConnectTimeout: time.Second, ServerSelectionTimeout: 200 * time.Millisecond})
	if err == nil || !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), "cannot reach the database after 1s (check MONGODB_URI)") {
		t.Fatalf("open of a closed port: %v", err)
	}
	if _, err := Open(ctxT(t), Options{URI: "postgres://x"}); err == nil || !strings.HasPrefix(err.Error(), "MONGODB_URI: ") {
		t.Errorf("open of a bad URI: %v", err)
	}
}

// TestServerGone: once the server stops, operations fail with
// ErrUnavailable (so the API answers 503), and Tx refuses before running.
func TestServerGone(t *testing.T) {
	srv, err := ferrettest.Start(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			srv.Stop()
		}
	})
	ctx := ctxT(t)
	d, err := Open(ctx, Options{URI: srv.URI, Database: "gone", Logger: testLogger(t), ServerSelectionTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Ensure(ctx, caseSpec); err != nil {
		t.Fatal(err)
	}
	ran := false
	err = d.Tx(ctx, func(context.Context) error { ran = true; return nil })
	if !errors.Is(err, store.ErrTxUnsupported) || ran || !strings.Contains(err.Error(), "FerretDB") {
		t.Errorf("tx on FerretDB: %v (ran %v)", err, ran)
	}
	srv.Stop()
	stopped = true
	if err := d.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("ping of a stopped server: %v", err)
	}
	if _, err := d.Get(ctx, "cases", "x"); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("get from a stopped server: %v", err)
	}
}

// TestStoredShape: what a MongoDB user sees in the collection, and that a
// document whose field names MongoDB cannot hold comes back byte-equal.
func TestStoredShape(t *testing.T) {
	srv := ferrettest.StartT(t)
	ctx := ctxT(t)
	d, err := Open(ctx, Options{URI: srv.URI, Database: "shape", Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Ensure(ctx, caseSpec); err != nil {
		t.Fatal(err)
	}
	doc := `{"id":"a","version":1,"guildId":"g","number":7,"$where":"x","m":{"a.b":1,"_id":2}}`
	row := store.Row{ID: "a", Version: 1, Doc: []byte(doc), Keys: store.Keys{"guildId": "g", "number": int64(7)}}
	if err := d.Insert(ctx, "cases", row); err != nil {
		t.Fatal(err)
	}
	raw, err := d.db.Collection("cases").FindOne(ctx, idFilter("a")).Raw()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_id":"a","_v":{"$numberLong":"1"},"_k":{"guildId":"g","number":{"$numberLong":"7"}},"id":"a","version":{"$numberLong":"1"},"guildId":"g","number":{"$numberLong":"7"},"~%24where":"x","m":{"~a%2Eb":{"$numberLong":"1"},"~_id":{"$numberLong":"2"}}}`
	if got := strings.ReplaceAll(raw.String(), " ", ""); got != want {
		t.Errorf("stored as\n%s\nwant\n%s", got, want)
	}
	got, err := d.Get(ctx, "cases", "a")
	if err != nil || string(got.Doc) != doc || got.Keys["number"] != int64(7) {
		t.Errorf("get: %s %v %v", got.Doc, got.Keys, err)
	}
	specs, err := d.Collections(ctx)
	if err != nil || len(specs) != 1 || fmt.Sprint(specs[0].Indexes) != fmt.Sprint(caseSpec.Indexes) {
		t.Errorf("catalogue: %+v %v", specs, err)
	}
}
