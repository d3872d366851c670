package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

type txKey struct{ d *Driver }

// querier is what a statement runs on: a transaction or a pool.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx returns the transaction ctx carries; call it only inside Tx.
func (d *Driver) tx(ctx context.Context) *sql.Tx {
	tx, _ := ctx.Value(txKey{d}).(*sql.Tx)
	return tx
}

// reader is the transaction in ctx, or the reading pool.
func (d *Driver) reader(ctx context.Context) querier {
	if tx := d.tx(ctx); tx != nil {
		return tx
	}
	return d.r
}

// writer is the transaction in ctx, or the writing connection (each
// statement its own transaction).
func (d *Driver) writer(ctx context.Context) querier {
	if tx := d.tx(ctx); tx != nil {
		return tx
	}
	return d.w
}

// Tx implements store.Driver. Transactions begin IMMEDIATE on the one
// writing connection, so they never fail on a lock upgrade; other writers
// of this process wait for the connection.
func (d *Driver) Tx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if d.tx(ctx) != nil {
		return fn(ctx)
	}
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", mapErr(err))
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{d}, tx)); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("roll back: %w", mapErr(rerr)))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapErr(err))
	}
	return nil
}
