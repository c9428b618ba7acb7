package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/zhiku-app/zhiku/backend/core"
)

// dbFileName is the SQLite database inside the data directory.
const dbFileName = "zhiku.db"

// Store is an open data directory. Close it to release the directory for
// other processes.
type Store struct {
	dir string
	// db serves reads and writer every write: see openDatabase.
	db     *sql.DB
	writer *sql.DB
	lock   *dirLock // nil when read-only
	// readOnly is set by OpenReadOnly: writer is then the readers' pool,
	// whose writes SQLite refuses.
	readOnly bool
}

// Open locks dir for this process, finishes a recovery that was cut
// short while swapping databases, opens (or creates) the database and
// brings its schema up to date. The errors are Problems the person can act
// on: the directory is unusable, another Zhiku holds it, the database is
// damaged, or it was written by a newer version.
func Open(ctx context.Context, dir string, holder Holder) (*Store, error) {
	lock, err := lockFolder(dir, holder)
	if err != nil {
		return nil, err
	}
	if err := finishRecoveries(dir); err != nil {
		lock.release()
		return nil, core.ErrDataDirUnusable.New(err, "dir", dir)
	}
	db, writer, err := prepareDatabase(ctx, dir)
	if err != nil {
		lock.release()
		return nil, err
	}
	core.RemoveStaleTemps(filepath.Join(dir, settingsFileName))
	removeDatabaseFiles(filepath.Join(dir, recoveringFileName)) // left by a recovery cut short
	st := &Store{dir: dir, db: db, writer: writer, lock: lock}
	st.reclaimSpace(ctx)
	return st, nil
}

// prepareDatabase opens the database in dir, refuses it if damaged,
// brings its schema up to date and, once, turns on incremental vacuuming.
func prepareDatabase(ctx context.Context, dir string) (readers, writer *sql.DB, err error) {
	path := filepath.Join(dir, dbFileName)
	readers, writer, err = openDatabase(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	err = checkAtOpen(ctx, readers, dir)
	if err == nil {
		err = migrate(ctx, writer, dir)
	}
	if err == nil {
		readers, writer, err = convertToIncrementalVacuum(ctx, path, readers, writer)
	}
	if err != nil && readers != nil {
		readers.Close()
		writer.Close()
	}
	return readers, writer, err
}

// lockFolder makes dir if needed and locks it for this process, refusing
// a database whose files are not regular files.
func lockFolder(dir string, holder Holder) (*dirLock, error) {
	if err := ensureWritable(dir); err != nil {
		return nil, core.ErrDataDirUnusable.New(err, "dir", dir)
	}
	lock, other, err := acquireLock(dir, holder)
	if errors.Is(err, errLocked) {
		return nil, core.ErrAlreadyRunning.New(err, "dir", dir, "holder", other.String())
	}
	if core.ErrDataFileNotRegular.Is(err) {
		return nil, err
	}
	if err != nil {
		return nil, core.ErrDataDirUnusable.New(err, "dir", dir)
	}
	if err := checkDatabaseFiles(filepath.Join(dir, dbFileName)); err != nil {
		lock.release()
		return nil, err
	}
	return lock, nil
}

func migrate(ctx context.Context, db *sql.DB, dir string) error {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return core.ErrStoreDamaged.New(fmt.Errorf("read schema version: %w", err), "dir", dir)
	}
	if version > SchemaVersion {
		return core.ErrStoreTooNew.New(nil, "dir", dir, "found", strconv.Itoa(version), "known", strconv.Itoa(SchemaVersion))
	}
	for v := version; v < SchemaVersion; v++ {
		if err := applyMigration(ctx, db, v+1, migrations[v]); err != nil {
			return fmt.Errorf("migrate %s to version %d: %w", dir, v+1, err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, version int, script string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, version)); err != nil {
		return err
	}
	return tx.Commit()
}

// Dir is the data directory this store holds.
func (s *Store) Dir() string { return s.dir }

// DB is the database for reading, for the packages that own their tables.
func (s *Store) DB() *sql.DB { return s.db }

// UpdateHolder rewrites what the lock file says about this process.
func (s *Store) UpdateHolder(holder Holder) error {
	if s.readOnly {
		return core.ErrStoreReadOnly.New(nil, "dir", s.dir)
	}
	return s.lock.update(holder)
}

// SchemaVersion reads the database's schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}

// Close closes the database and releases the directory. The last
// connection to close folds the WAL into the database file, so a clean
// exit leaves one file; the writer closes last, so that it is the one.
func (s *Store) Close() error {
	if s.readOnly {
		return s.db.Close()
	}
	readErr := s.db.Close()
	writeErr := s.writer.Close()
	lockErr := s.lock.release()
	return errors.Join(readErr, writeErr, lockErr)
}

// FreeBytesAt reports the free space on the file system holding dir, or on
// its nearest existing parent when dir does not exist yet.
func FreeBytesAt(dir string) (uint64, error) {
	for {
		if _, err := os.Stat(dir); err == nil {
			return freeBytes(dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return freeBytes(dir)
		}
		dir = parent
	}
}

// Meta reads a value kept in the store's meta table; "" when unset.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var value string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return value, err
}

// SetMeta keeps a small value in the store's meta table.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
