package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// journalSizeLimit is the size the log is cut back to when it starts
// afresh: about what it holds between SQLite's own checkpoints (a
// thousand pages).
const journalSizeLimit = 4 << 20

// busyTimeout is how long a connection waits for a lock held elsewhere
// before SQLite fails with "database is locked".
var busyTimeout = 10 * time.Second

// openDatabase opens the database at path as two handles: writer, the one
// connection every write goes through, and readers, a pool of connections
// that may only read.
//
// SQLite lets one connection write at a time. A connection that finds the
// write lock taken polls for it, sleeping between tries, and fails with
// SQLITE_BUSY once busyTimeout has passed; under many writers the polling
// is unfair, and a writer can lose to newcomers for longer than any
// timeout. With a single writer connection, writers queue in Go for it
// instead, for as long as their context allows, and within this process
// SQLite's write lock is never contended (the folder lock keeps other
// processes out). In WAL mode readers never wait for the writer, so they
// keep a pool of their own; being read-only, a write sent to them by
// mistake fails at once rather than contending for the lock.
func openDatabase(ctx context.Context, path string) (readers, writer *sql.DB, err error) {
	writer, err = openWriter(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	readers, err = sql.Open("sqlite", dsn(path, url.Values{}, "query_only(1)"))
	if err != nil {
		writer.Close()
		return nil, nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return readers, writer, nil
}

// openWriter opens the one connection that writes to the database at
// path, creating the database if needed.
func openWriter(ctx context.Context, path string) (*sql.DB, error) {
	// WAL lets readers run beside the one writer; synchronous=FULL makes each
	// committed transaction survive a power cut, not only a process crash.
	// Transactions begin IMMEDIATE, taking the write lock at once, so one
	// that reads before it writes can never find its snapshot outdated.
	// The log is cut back to journalSizeLimit whenever it starts afresh, so
	// one huge transaction does not leave it huge.
	options := url.Values{"_txlock": {"immediate"}}
	if info, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) || err == nil && info.Size() == 0 {
		// A new database tracks its free pages so that they can be given
		// back (see reclaimSpace). This is set only here: it must come
		// before the database's first page is written, and asking an
		// existing database for it writes a transaction, which a damaged
		// one must never get.
		options.Set("_auto_vacuum", "INCREMENTAL")
	}
	writer, err := sql.Open("sqlite", dsn(path, options, "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(ON)",
		fmt.Sprintf("journal_size_limit(%d)", journalSizeLimit)))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	// Reading sqlite_master forces SQLite to read the file header, which is
	// where a damaged or foreign file is first noticed.
	var n int
	if err := writer.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		writer.Close()
		return nil, core.ErrStoreDamaged.New(fmt.Errorf("read %s: %w", path, err), "dir", filepath.Dir(path))
	}
	return writer, nil
}

// dsn names the database at path with the driver's options and the
// pragmas each connection runs when it opens.
func dsn(path string, options url.Values, pragmas ...string) string {
	options.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	for _, p := range pragmas {
		options.Add("_pragma", p)
	}
	return "file:" + path + "?" + options.Encode()
}
