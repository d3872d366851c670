package mongostore

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/warden-bot/warden/core/store"
)

type txKey struct{ d *Driver }

// inTx reports whether ctx runs inside one of this driver's transactions.
func (d *Driver) inTx(ctx context.Context) bool {
	in, _ := ctx.Value(txKey{d}).(bool)
	return in && mongo.SessionFromContext(ctx) != nil
}

// Tx implements store.Driver with a session's WithTransaction, which
// retries fn when the server reports a transient conflict (another
// transaction wrote the same document), so fn may run more than once.
// The session travels in the context fn gets; the official driver picks
// it up from there. On a server without transactions fn is not run.
func (d *Driver) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if d.inTx(ctx) {
		return fn(ctx)
	}
	if d.noTx != "" {
		return fmt.Errorf("mongo store: %s: %w", d.noTx, store.ErrTxUnsupported)
	}
	sess, err := d.client.StartSession()
	if err != nil {
		return fmt.Errorf("start a session: %w", mapErr(err))
	}
	defer sess.EndSession(context.WithoutCancel(ctx))
	var fnErr error
	_, err = sess.WithTransaction(ctx, func(ctx context.Context) (any, error) {
		fnErr = fn(context.WithValue(ctx, txKey{d}, true))
		return nil, fnErr
	})
	if err != nil && err == fnErr {
		return err
	}
	if err != nil {
		return fmt.Errorf("transaction: %w", mapErr(err))
	}
	return nil
}
