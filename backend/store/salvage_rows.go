package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// unreadableError is a read of the damaged database that failed: the
// stretch of the table it reached is skipped, not the recovery stopped.
type unreadableError struct{ err error }

func (e unreadableError) Error() string { return e.err.Error() }
func (e unreadableError) Unwrap() error { return e.err }

// tableScan reads one table of the damaged database in rowid order.
type tableScan struct {
	db           *sql.DB
	table        string
	columns      []string
	withoutRowid bool
}

// query selects the table's columns, with the rowid first unless the
// table has none, from the rowid from onwards.
func (s *tableScan) query(ctx context.Context, from int64, limit string) (*sql.Rows, error) {
	cols := quoteAll(s.columns)
	if s.withoutRowid {
		return s.db.QueryContext(ctx, `SELECT `+cols+` FROM `+quote(s.table)+limit)
	}
	return s.db.QueryContext(ctx, `SELECT rowid, `+cols+` FROM `+quote(s.table)+
		` WHERE rowid >= ? ORDER BY rowid`+limit, from)
}

// copyFrom copies the rows from rowid from onwards into out. When a read
// fails it returns an unreadableError and the rowid where reading failed:
// the one after the last row copied.
func (s *tableScan) copyFrom(ctx context.Context, from int64, out *batchInsert) (failedAt int64, err error) {
	failedAt = from
	rows, err := s.query(ctx, from, "")
	if err != nil {
		return failedAt, s.readError(ctx, err)
	}
	defer rows.Close()
	values := make([]any, len(s.columns)+1)
	targets := make([]any, len(values))
	for i := range values {
		targets[i] = &values[i]
	}
	if s.withoutRowid {
		values, targets = values[1:], targets[1:]
	}
	for rows.Next() {
		if err := rows.Scan(targets...); err != nil {
			return failedAt, s.readError(ctx, err)
		}
		row := values
		if !s.withoutRowid {
			rowid, _ := values[0].(int64)
			if rowid < math.MaxInt64 {
				failedAt = rowid + 1
			}
			row = values[1:]
		}
		if err := out.add(ctx, row); err != nil {
			return failedAt, err
		}
	}
	if err := rows.Err(); err != nil {
		return failedAt, s.readError(ctx, err)
	}
	return failedAt, nil
}

func (s *tableScan) readError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return unreadableError{fmt.Errorf("read %s: %w", s.table, err)}
}

// nextReadable finds the lowest rowid above failedAt from which the table
// reads again: it steps over the damage by doubling strides, then narrows
// the last stride down by halving it, so that rows just after the damage
// are kept. false means nothing after failedAt can be read.
func (s *tableScan) nextReadable(ctx context.Context, failedAt int64) (int64, bool) {
	bad := failedAt
	for stride := int64(1); ; stride *= 2 {
		good := bad + stride
		if stride > math.MaxInt64-bad {
			good = math.MaxInt64
		}
		if s.readable(ctx, good) {
			for good-bad > 1 {
				mid := bad + (good-bad)/2
				if s.readable(ctx, mid) {
					good = mid
				} else {
					bad = mid
				}
			}
			return good, true
		}
		if good == math.MaxInt64 || ctx.Err() != nil {
			return 0, false
		}
		bad = good
	}
}

// readable says whether the first row from rowid from onwards, if any,
// can be read whole.
func (s *tableScan) readable(ctx context.Context, from int64) bool {
	rows, err := s.query(ctx, from, " LIMIT 1")
	if err != nil {
		return false
	}
	defer rows.Close()
	values := make([]any, len(s.columns)+1)
	targets := make([]any, len(values))
	for i := range values {
		targets[i] = &values[i]
	}
	if rows.Next() && rows.Scan(targets...) != nil {
		return false
	}
	return rows.Err() == nil
}

// batchInsert writes rows into one table of the new database, a batch per
// transaction. A row the new database refuses (a chunk whose file was
// lost, a value of the wrong type read from a damaged record) is counted
// and left out; any other failure, such as a full disk, stops the
// recovery.
type batchInsert struct {
	db      *sql.DB
	insert  string
	tx      *sql.Tx
	stmt    *sql.Stmt
	pending int
	tr      *TableRecovery
}

func newBatchInsert(db *sql.DB, table string, columns []string, tr *TableRecovery) *batchInsert {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ")
	return &batchInsert{db: db, tr: tr,
		insert: `INSERT OR REPLACE INTO ` + quote(table) + ` (` + quoteAll(columns) + `) VALUES (` + marks + `)`}
}

func (b *batchInsert) add(ctx context.Context, row []any) error {
	if b.tx == nil {
		tx, err := b.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin transaction: %w", err)
		}
		if b.stmt, err = tx.PrepareContext(ctx, b.insert); err != nil {
			tx.Rollback()
			return fmt.Errorf("prepare %s: %w", b.insert, err)
		}
		b.tx = tx
	}
	_, err := b.stmt.ExecContext(ctx, row...)
	switch {
	case err == nil:
		b.tr.Kept++
	case isRefusal(err):
		b.tr.Refused++
	default:
		return fmt.Errorf("write %s: %w", b.tr.Table, err)
	}
	if b.pending++; b.pending >= salvageBatch {
		return b.flush()
	}
	return nil
}

// flush commits the rows added since the last flush.
func (b *batchInsert) flush() error {
	if b.tx == nil {
		return nil
	}
	tx := b.tx
	b.tx, b.pending = nil, 0
	b.stmt.Close()
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit %s: %w", b.tr.Table, err)
	}
	return nil
}

// isRefusal says whether err is the database refusing one row: a broken
// constraint, a value of the wrong type or out of range, or one too big.
func isRefusal(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xFF {
	case sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_RANGE, sqlite3.SQLITE_TOOBIG:
		return true
	}
	return false
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func quoteAll(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quote(n)
	}
	return strings.Join(quoted, ", ")
}
