package mongostore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"github.com/warden-bot/warden/core/store"
)

// Options configure Open.
type Options struct {
	// URI is the mongodb:// or mongodb+srv:// URI (MONGODB_URI). Required.
	URI string
	// Database is the database the collections live in. Zero means
	// "warden".
	Database string
	// ConnectTimeout bounds Open's retries while the server does not
	// answer. Zero means 30s.
	ConnectTimeout time.Duration
	// ServerSelectionTimeout bounds how long an operation waits for a
	// reachable server before failing with store.ErrUnavailable (so that
	// the API answers 503 quickly). Zero means 3s.
	ServerSelectionTimeout time.Duration
	// DialTimeout bounds opening one connection. Zero means 3s.
	DialTimeout time.Duration
	// Logger receives the driver's few log lines. Nil means slog.Default().
	Logger *slog.Logger
}

// Driver is the MongoDB store driver.
type Driver struct {
	client *mongo.Client
	db     *mongo.Database
	log    *slog.Logger
	// noTx says why the server cannot run transactions ("" when it can).
	noTx string

	mu    sync.Mutex
	specs map[string]store.Spec
}

var _ store.Driver = (*Driver)(nil)

// Open connects to opts.URI, retrying with backoff until ConnectTimeout
// while the server does not answer, and finds out whether it can run
// transactions.
func Open(ctx context.Context, opts Options) (*Driver, error) {
	if opts.URI == "" {
		return nil, errors.New("mongo store: no URI given (MONGODB_URI)")
	}
	if opts.Database == "" {
		opts.Database = "warden"
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 30 * time.Second
	}
	if opts.ServerSelectionTimeout <= 0 {
		opts.ServerSelectionTimeout = 3 * time.Second
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 3 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	client, err := mongo.Connect(options.Client().
		ApplyURI(opts.URI).
		SetAppName("warden").
		SetServerSelectionTimeout(opts.ServerSelectionTimeout).
		SetConnectTimeout(opts.DialTimeout))
	if err != nil {
		return nil, fmt.Errorf("MONGODB_URI: %w", err)
	}
	d := &Driver{client: client, db: client.Database(opts.Database), log: opts.Logger, specs: map[string]store.Spec{}}
	if err := d.waitReachable(ctx, opts.ConnectTimeout); err != nil {
		_ = d.Close()
		return nil, err
	}
	if d.noTx, err = d.transactionSupport(ctx); err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("mongo store: ask the server what it is: %w", mapErr(err))
	}
	if d.noTx != "" {
		d.log.Info("mongo store: transactions unavailable", "reason", d.noTx)
	}
	return d, nil
}

func (d *Driver) waitReachable(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	backoff := 250 * time.Millisecond
	for {
		pingCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err := d.client.Ping(pingCtx, readpref.Primary())
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().Add(backoff).After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("cannot reach the database after %s (check MONGODB_URI): %w", timeout, mapErr(err))
		}
		d.log.Warn("database not reachable yet; retrying", "in", backoff, "err", err)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		backoff = min(backoff*2, 5*time.Second)
	}
}

// transactionSupport returns why the server cannot run multi-document
// transactions, or "" when it can: a replica set member or a mongos can,
// a standalone server cannot, and FerretDB (which may call itself a
// replica set) ignores or refuses them.
func (d *Driver) transactionSupport(ctx context.Context) (string, error) {
	admin := d.client.Database("admin")
	var info struct {
		FerretDB *string `bson:"ferretdbVersion"`
		Version  string  `bson:"version"`
	}
	if err := admin.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return "", err
	}
	if info.FerretDB != nil {
		return "the server is FerretDB, which has no multi-document transactions", nil
	}
	var hello struct {
		SetName string `bson:"setName"`
		Msg     string `bson:"msg"`
	}
	if err := admin.RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello); err != nil {
		return "", err
	}
	if hello.SetName == "" && hello.Msg != "isdbgrid" {
		return fmt.Sprintf("MongoDB %s runs standalone; transactions need a replica set (a single-member one will do) or a sharded cluster", info.Version), nil
	}
	return "", nil
}

// Name implements store.Driver.
func (d *Driver) Name() string { return "mongo" }

// Database returns the MongoDB database the store lives in, for the
// driver's own tests and tools.
func (d *Driver) Database() *mongo.Database { return d.db }

// Transactions reports whether Tx can run on this server, and if not, why.
func (d *Driver) Transactions() (ok bool, reason string) { return d.noTx == "", d.noTx }

// Ping implements store.Driver.
func (d *Driver) Ping(ctx context.Context) error {
	if err := d.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("ping: %w", mapErr(err))
	}
	return nil
}

// Close disconnects, waiting up to 10s for operations in flight.
func (d *Driver) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.client.Disconnect(ctx); err != nil && !errors.Is(err, mongo.ErrClientDisconnected) {
		return fmt.Errorf("mongo store: disconnect: %w", err)
	}
	return nil
}

func (d *Driver) spec(coll string) store.Spec {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.specs[coll]
}

// SupportsTx implements store.TxCapable: store.DB.Group runs its writes
// one at a time on a server without transactions.
func (d *Driver) SupportsTx() bool { return d.noTx == "" }

var _ store.TxCapable = (*Driver)(nil)
