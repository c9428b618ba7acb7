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
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

const (
	// recoveringFileName is the new database while Recover fills it. One
	// left by a recovery cut short is incomplete and is deleted.
	recoveringFileName = ".zhiku.db.recovering"
	// recoveredPrefix, followed by the recovery's stamp, names the new
	// database once it is complete and synced. From then on the recovery
	// is as good as made: whoever next locks the folder finishes putting
	// it in place (see finishRecoveries).
	recoveredPrefix = ".zhiku.db.recovered-"
	// recoveryStampLayout dates a recovery. The damaged database is kept
	// under a name with the same stamp, so a swap cut short and finished
	// later keeps the damaged database and its log together.
	recoveryStampLayout = "20060102T150405Z"
)

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
// so it is refused while another Zhiku uses the folder. A crash at any
// point leaves the damaged database as it was, to recover again, or a
// complete recovery that the next Open or Recover puts in place.
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
	if err := finishRecoveries(dir); err != nil {
		return Recovery{}, core.ErrDataDirUnusable.New(err, "dir", dir)
	}

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
	damaged.Close() // before the renames: Windows cannot move an open file
	stamp := time.Now().UTC().Format(recoveryStampLayout)
	if err == nil {
		err = completeRecovery(dir, stamp)
	}
	if err != nil {
		removeDatabaseFiles(fresh)
		return Recovery{}, core.ErrRecoveryFailed.New(err, "dir", dir)
	}
	// The recovery is complete and durable: should putting it in place
	// fail or be cut short, the next Open or Recover finishes it.
	if err := finishRecovery(dir, stamp); err != nil {
		return Recovery{}, core.ErrDataDirUnusable.New(err, "dir", dir)
	}
	rec.Needed = true
	rec.DamagedCopy = damagedCopyPath(dir, stamp)
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

// damagedCopyPath is where the recovery with stamp keeps the damaged
// database.
func damagedCopyPath(dir, stamp string) string {
	return filepath.Join(dir, dbFileName+".damaged-"+stamp)
}

// completeRecovery marks the new database Recover filled as complete,
// once it is on disk: before that a crash leaves only an incomplete file,
// which the next Open deletes, and the damaged database as it was.
func completeRecovery(dir, stamp string) error {
	fresh := filepath.Join(dir, recoveringFileName)
	if err := syncFile(fresh); err != nil {
		return fmt.Errorf("sync the recovered database %s: %w", fresh, err)
	}
	recovered := filepath.Join(dir, recoveredPrefix+stamp)
	if err := os.Rename(fresh, recovered); err != nil {
		return fmt.Errorf("mark the recovered database complete: %w", err)
	}
	return core.SyncDir(dir)
}

// finishRecoveries puts in place a complete recovery whose swap was cut
// short. It runs before anything opens the database, under the folder's
// lock.
func finishRecoveries(dir string) error {
	recovered, err := filepath.Glob(filepath.Join(dir, recoveredPrefix+"*"))
	if err != nil {
		return fmt.Errorf("look for recoveries to finish in %s: %w", dir, err)
	}
	for _, path := range recovered {
		if err := finishRecovery(dir, strings.TrimPrefix(filepath.Base(path), recoveredPrefix)); err != nil {
			return err
		}
	}
	return nil
}

// finishRecovery swaps the complete recovery with stamp for the damaged
// database, running finishingSteps.
func finishRecovery(dir, stamp string) error {
	for _, step := range finishingSteps(dir, stamp) {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// finishingSteps move the damaged database aside, with its log, and the
// complete recovery with stamp into its place. Each step is done already
// or can be done, whatever step a crash stopped at, so the same steps
// finish a swap cut short.
func finishingSteps(dir, stamp string) []func() error {
	path := filepath.Join(dir, dbFileName)
	aside := damagedCopyPath(dir, stamp)
	recovered := filepath.Join(dir, recoveredPrefix+stamp)
	return []func() error{
		// The log goes first: left without its database, it would be
		// replayed into whichever database next took the name. It and
		// the index of it belong to the damaged database.
		func() error { return moveIfThere(path+"-wal", aside+"-wal") },
		func() error { return moveIfThere(path+"-shm", aside+"-shm") },
		// Synced before the recovered database takes the name, so a power
		// cut cannot keep that rename over the damaged database and lose
		// the move that saved it.
		func() error {
			if err := moveIfThere(path, aside); err != nil {
				return err
			}
			return core.SyncDir(dir)
		},
		func() error {
			if err := os.Rename(recovered, path); err != nil {
				return fmt.Errorf("put the recovered database in place: %w", err)
			}
			return core.SyncDir(dir)
		},
	}
}

// moveIfThere renames from to to unless an earlier, cut-short swap moved
// it already.
func moveIfThere(from, to string) error {
	if err := os.Rename(from, to); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("move %s aside: %w", from, err)
	}
	return nil
}

func removeDatabaseFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
