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
)

// recoveringFileName is the new database while Recover fills it.
const recoveringFileName = ".zhiku.db.recovering"

// Recovery is what Recover did.
type Recovery struct {
	// Needed is false when the database was sound (or absent) and was left
	// as it was.
	Needed bool
	// DamagedCopy is where the damaged database now is, beside the new one.
	DamagedCopy string
	Tables      []TableRecovery
}

// TableRecovery is what Recover saved of one table.
type TableRecovery struct {
	Table string
	// Kept rows are in the new database.
	Kept int
	// Unreadable counts the damaged stretches of the table that were
	// skipped; the rows on them are lost.
	Unreadable int
	// Refused rows were read but no longer fit, such as a chunk whose file
	// was on a damaged page.
	Refused int
}

func (r Recovery) table(name string) TableRecovery {
	for _, t := range r.Tables {
		if t.Table == name {
			return t
		}
	}
	return TableRecovery{Table: name}
}

// Recover saves what can still be read of a damaged database in dir into
// a new database at the current schema, moves the damaged one aside
// (never deleting it) and puts the new one in its place. Knowledge bases
// are derived from the files and index again what was lost on their next
// sync. A sound database is left alone. Recover locks dir as Open does,
// so it is refused while another Zhiku uses the folder.
func Recover(ctx context.Context, dir string, holder Holder) (Recovery, error) {
	path := filepath.Join(dir, dbFileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return Recovery{}, nil
	}
	lock, err := lockFolder(dir, holder)
	if err != nil {
		return Recovery{}, err
	}
	defer lock.release()

	damaged, err := openDamaged(path)
	if err != nil {
		return Recovery{}, core.ErrRecoveryFailed.New(err, "dir", dir)
	}
	defer damaged.Close()
	findings, err := runCheck(ctx, damaged, `PRAGMA integrity_check(1)`)
	switch problem := damageProblem(findings, err, dir); {
	case problem == nil:
		return Recovery{}, nil
	case !core.ErrStoreNeedsRecovery.Is(problem):
		return Recovery{}, core.ErrRecoveryFailed.New(problem, "dir", dir)
	}

	fresh := filepath.Join(dir, recoveringFileName)
	removeDatabaseFiles(fresh) // left by a recovery that was cut short
	rec, err := salvage(ctx, damaged, fresh, dir)
	damaged.Close() // before the rename: Windows cannot move an open file
	if err == nil {
		rec.DamagedCopy = fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405Z"))
		err = replaceDatabase(path, fresh, rec.DamagedCopy)
	}
	if err != nil {
		removeDatabaseFiles(fresh)
		return Recovery{}, core.ErrRecoveryFailed.New(err, "dir", dir)
	}
	rec.Needed = true
	return rec, nil
}

// openDamaged opens the database at path for reading without changing a
// byte of it: read-only, SQLite never folds its log into it on close, and
// with no log beside it, immutable keeps SQLite from creating one.
func openDamaged(path string) (*sql.DB, error) {
	options := url.Values{"mode": {"ro"}}
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		options.Set("immutable", "1")
	}
	db, err := sql.Open("sqlite", dsn(path, options))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// replaceDatabase moves the database at path, with its log, to aside and
// puts fresh in its place. If the second step fails the first is undone,
// so the folder never holds neither.
func replaceDatabase(path, fresh, aside string) error {
	if err := moveDatabaseFiles(path, aside); err != nil {
		return err
	}
	if err := os.Rename(fresh, path); err != nil {
		return errors.Join(fmt.Errorf("put the recovered database in place: %w", err), moveDatabaseFiles(aside, path))
	}
	return syncDir(filepath.Dir(path))
}

// moveDatabaseFiles renames a database and the log and index files SQLite
// keeps beside it, which belong to it: without its log, a database can
// lack its last committed transactions.
func moveDatabaseFiles(from, to string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := os.Rename(from+suffix, to+suffix)
		if err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			return fmt.Errorf("move %s aside: %w", from+suffix, err)
		}
	}
	return nil
}

func removeDatabaseFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
