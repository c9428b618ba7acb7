package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/core"
)

// autoVacuumIncremental is PRAGMA auto_vacuum's value for INCREMENTAL: the
// database keeps track of its free pages, and PRAGMA incremental_vacuum
// moves pages from the end of the file into them and truncates the file.
const autoVacuumIncremental = 2

// reclaimThreshold is how much free space the database may hold before it
// is given back. Less is kept for the next inserts to reuse, since moving
// pages to give it back costs writes.
const reclaimThreshold = 4 << 20

// reclaimStep is how many pages one incremental vacuum frees, so that
// giving back gigabytes lets other writers in between steps.
const reclaimStep = 2048

// vacuumingFileName is the copy of the database being made while it is
// converted to incremental vacuuming.
const vacuumingFileName = ".zhiku.db.vacuuming"

// reclaimSpace gives the database's free pages back to the file system
// once they add up to reclaimThreshold: after deleting a knowledge base,
// files, a failed large file's chunks, a data set or a chat, which can be
// gigabytes a hostile file made. It runs after such deletions and at open,
// in case one was cut short. The deletion has happened whatever this does,
// so a failure is logged rather than returned.
func (s *Store) reclaimSpace(ctx context.Context) {
	free, err := freePageBytes(ctx, s.db)
	if err != nil || free < reclaimThreshold {
		return
	}
	for free > 0 {
		if _, err := s.writer.ExecContext(ctx, fmt.Sprintf(`PRAGMA incremental_vacuum(%d)`, reclaimStep)); err != nil {
			slog.Warn("give free space back", "dir", s.dir, "err", err)
			return
		}
		left, err := freePageBytes(ctx, s.writer)
		if err != nil || left >= free {
			break // a database not yet converted keeps its free pages
		}
		free = left
	}
	// The file shrinks when the log is folded into it. SQLite does that
	// once the log holds a thousand pages; this does it now, and lets the
	// next write start the log afresh and cut it back (journalSizeLimit).
	// A passive checkpoint never waits, so it cannot keep a writer waiting.
	if _, err := s.writer.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		slog.Warn("fold the log into the database", "dir", s.dir, "err", err)
	}
}

// reclaimAfter gives space back after a deletion, if it succeeded, and
// returns the deletion's error.
func (s *Store) reclaimAfter(ctx context.Context, err error) error {
	if err == nil {
		s.reclaimSpace(ctx)
	}
	return err
}

// freePageBytes is how much of the database file its free pages take.
func freePageBytes(ctx context.Context, db *sql.DB) (int64, error) {
	var free int64
	err := db.QueryRowContext(ctx, `SELECT f.freelist_count * s.page_size FROM pragma_freelist_count f, pragma_page_size s`).Scan(&free)
	return free, err
}

// convertToIncrementalVacuum turns on incremental vacuuming in a database
// made before it existed, once. The setting takes effect only when the
// whole database is rewritten. An in-place VACUUM would need free space
// twice the database's size (a temporary copy in the system's temporary
// folder, which is often small, and the whole database again in the log),
// so the database is copied instead with VACUUM INTO beside itself, which
// needs its size once, in the data folder, and leaves the original
// untouched until the copy is complete and synced; the copy then replaces
// it in one rename. Without that much free space, or if the copy fails,
// the database goes on as it was and the conversion is tried at the next
// open. It runs inside Open, before anyone else uses the database, and
// returns the handles to use from then on.
func convertToIncrementalVacuum(ctx context.Context, path string, readers, writer *sql.DB) (*sql.DB, *sql.DB, error) {
	copyPath := filepath.Join(filepath.Dir(path), vacuumingFileName)
	removeDatabaseFiles(copyPath) // left by a conversion that was cut short
	var mode int
	if err := writer.QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&mode); err != nil || mode == autoVacuumIncremental {
		return readers, writer, err
	}
	if err := roomToCopy(path); err != nil {
		slog.Warn("incremental vacuuming not turned on yet", "db", path, "err", err)
		return readers, writer, nil
	}
	_, err := writer.ExecContext(ctx, `PRAGMA auto_vacuum = INCREMENTAL`)
	if err == nil {
		_, err = writer.ExecContext(ctx, `VACUUM INTO ?`, copyPath)
	}
	if err == nil {
		err = syncFile(copyPath)
	}
	if err != nil {
		removeDatabaseFiles(copyPath)
		slog.Warn("incremental vacuuming not turned on yet", "db", path, "err", err)
		return readers, writer, nil
	}
	// Closing the last connection folds the log into the database and
	// deletes it. A log left behind would be replayed onto the copy, so
	// then the copy is dropped instead.
	if err := errors.Join(readers.Close(), writer.Close()); err != nil {
		return nil, nil, fmt.Errorf("close %s: %w", path, err)
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		removeDatabaseFiles(copyPath)
		return openDatabase(ctx, path)
	}
	if err := os.Rename(copyPath, path); err != nil {
		removeDatabaseFiles(copyPath)
		slog.Warn("incremental vacuuming not turned on yet", "db", path, "err", err)
		return openDatabase(ctx, path)
	}
	if err := core.SyncDir(filepath.Dir(path)); err != nil {
		return nil, nil, err
	}
	return openDatabase(ctx, path)
}

// roomToCopy says whether the data folder has room for a copy of the
// database at path, with a margin.
func roomToCopy(path string) error {
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		info, err := os.Stat(path + suffix)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err == nil {
			size += info.Size()
		}
	}
	free, err := FreeBytesAt(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("measure free space: %w", err)
	}
	if need := uint64(size) + uint64(size)/10 + 64<<20; free < need {
		return fmt.Errorf("%d bytes free, %d needed to copy the database", free, need)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}
